import ArgumentParser

/// The application a command works in: `--application/-a`, or `PLUGBOARD_APPLICATION`.
struct ApplicationOptions: ParsableArguments {
    @Option(
        name: [.customShort("a"), .customLong("application")],
        help: ArgumentHelp("Application id or name (env: PLUGBOARD_APPLICATION).", valueName: "app"))
    var applicationOption: String?

    /// The application id or name; `validate()` guarantees it is set.
    var application: String {
        applicationOption ?? Environment.value("PLUGBOARD_APPLICATION") ?? ""
    }

    /// `/api/v1/applications/{app}`, escaped.
    var path: String { "/api/v1/applications/\(application.pathEscaped)" }

    func validate() throws {
        if application.isEmpty {
            throw ValidationError("Missing application: pass --application APP (-a APP) or set PLUGBOARD_APPLICATION.")
        }
    }
}
