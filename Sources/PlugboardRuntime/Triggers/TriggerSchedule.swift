import Foundation
import PlugboardCore

/// When a schedule trigger fires: on a cron expression in a time zone, or every fixed interval.
public enum TriggerSchedule: Sendable, Hashable {
    case cron(CronSchedule)
    /// Every `interval`, counted from the last time it fired (or from when the trigger started).
    case every(Duration)

    /// The first time it fires after `date`.
    public func next(after date: Date) -> Date? {
        switch self {
        case .cron(let cron): return cron.next(after: date)
        case .every(let interval): return date.addingTimeInterval(interval.timeInterval)
        }
    }

    /// What a schedule does when its runner starts at `now`, having last fired at `lastFired` (nil: never). A tick
    /// missed while Plugboard was down fires once now, however many were missed; then the schedule carries on from now.
    public func resume(lastFired: Date?, now: Date) -> (fireNow: Bool, next: Date?) {
        guard let lastFired else { return (false, next(after: now)) }
        guard let due = next(after: lastFired) else { return (false, nil) }
        return due <= now ? (true, next(after: now)) : (false, due)
    }
}
