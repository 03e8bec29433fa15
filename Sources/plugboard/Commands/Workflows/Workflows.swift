import ArgumentParser

/// `plugboard workflows`: named lists of steps, run by hand, by triggers, or by agents.
struct Workflows: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage workflows and run them: list, show, create, update, delete, run, runs, cancel.",
        discussion: """
            A workflow is ordered steps, each a connector action (or another workflow) with an input template: \
            {{ input.order.id }} reads the run's input, {{ steps.fetch.output.body }} an earlier step's output. \
            Steps may have if, forEach (with {{ item }}), timeout, retry and onError.

            Example definition (workflow.json):
              {"name": "relay", "steps": [
                {"name": "fetch", "connector": "api", "action": "request",
                 "input": {"path": "/orders/{{ input.id }}"}},
                {"name": "notify", "connector": "hooks", "action": "request",
                 "input": {"method": "POST", "path": "/",
                           "body": {"json": {"total": "{{ steps.fetch.output.body.total }}"}}}}]}

              plugboard workflows create -a demo --definition @workflow.json
              plugboard workflows run -a demo relay --input '{"id": 7}' --wait
            """,
        subcommands: [
            WorkflowsList.self, WorkflowsShow.self, WorkflowsCreate.self, WorkflowsUpdate.self, WorkflowsDelete.self, WorkflowsRun.self,
            WorkflowsRuns.self, WorkflowsCancel.self,
        ],
        defaultSubcommand: WorkflowsList.self
    )
}
