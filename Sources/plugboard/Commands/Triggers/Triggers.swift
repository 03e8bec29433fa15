import ArgumentParser

/// `plugboard triggers`: events in (webhooks, schedules), runs or callbacks out.
struct Triggers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage triggers: list, show, create, pause, resume, delete, events.",
        discussion: """
            A trigger binds an event source to a target: a workflow (each event starts a run with the event as its \
            input) or a callback URL (each event is POSTed as JSON).

              plugboard triggers create -a demo orders --webhook --workflow relay
              plugboard triggers create -a demo nightly --cron '0 3 * * *' --time-zone Europe/Berlin --workflow report
              plugboard triggers create -a demo poll --every 300 --url https://example.com/hook
              plugboard triggers create -a demo new-orders --source notify --connector orders-db \\
                  --options '{"channel": "orders"}' --workflow relay

            A webhook's URL and secret are printed once, when it is created. Senders put the secret in the \
            Plugboard-Webhook-Secret header, or sign the body: Plugboard-Signature: sha256=<hex HMAC-SHA256>.
            """,
        subcommands: [
            TriggersList.self, TriggersShow.self, TriggersCreate.self, TriggersPause.self, TriggersResume.self, TriggersDelete.self,
            TriggersEvents.self,
        ],
        defaultSubcommand: TriggersList.self
    )
}
