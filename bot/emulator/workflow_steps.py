"""Workflow Builder steps (bot/emulator/functions.py): the manifest's functions, a workflow reaching a step, and the
run the app completes or fails."""

from __future__ import annotations

import copy
from typing import Any

from bot.emulator import functions
from bot.emulator.acting import Acting
from bot.emulator.models import ActResult
from bot.emulator.observing import Observing


class WorkflowSteps(Acting, Observing):
    """Declare and run Workflow Builder steps."""

    def declare_functions(self, definitions: dict[str, dict]) -> None:
        """The manifest's `functions` (callback_id -> title, description, input/output parameters)."""
        with self._ws.lock:
            for workspace in self._workspaces.all():
                workspace.functions = copy.deepcopy(definitions)

    def run_function(self, callback_id: str, inputs: dict[str, Any]) -> tuple[str, ActResult]:
        """A workflow reaches the step: Slack sends function_executed; (the execution id, the app's answer)."""
        with self._ws.lock:
            run, event = functions.start_run(self._ws, callback_id, inputs)
        return run.execution_id, self.send_event(event)

    def function_run(self, execution_id: str) -> functions.FunctionRun:
        with self._ws.lock:
            return copy.deepcopy(self._ws.function_runs[execution_id])

    def wait_for_function(self, execution_id: str, timeout: float = 5.0) -> functions.FunctionRun:
        """Until the app completes or fails the run."""
        self.wait_for(lambda: self.function_run(execution_id).outcome, timeout)
        return self.function_run(execution_id)
