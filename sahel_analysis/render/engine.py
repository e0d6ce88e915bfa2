"""The papermill engine of the renderer: nbclient execution with sparse saves.

papermill's own engine writes (validates and serialises) the whole executed notebook before
and after every cell; a report of 40 cells with its charts is written 80 times. This engine,
registered in papermill's engine registry as ``sahel``, saves at most every ``SAVE_EVERY``
seconds while cells run, and always when the notebook completes, fails or times out, so a
failed notebook is still kept whole.
"""

from __future__ import annotations

from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines

ENGINE = "sahel"
SAVE_EVERY = 10  # seconds between saves while cells run


class SparseSaves(NotebookExecutionManager):
    """papermill's execution manager, saving only every `autosave_cell_every` s and at the end."""

    final = False

    def save(self, **kwargs):
        """Write the notebook when the notebook ended or the last save is old enough."""
        if self.final or (self.now() - self.last_save_time).total_seconds() >= \
                self.autosave_cell_every:
            super().save(**kwargs)

    def notebook_complete(self, **kwargs):
        """Mark the end (completed, failed or interrupted) and save the notebook."""
        self.final = True
        super().notebook_complete(**kwargs)


class SahelEngine(NBClientEngine):
    """nbclient execution as papermill's default engine, with :class:`SparseSaves`."""

    @classmethod
    def execute_notebook(cls, nb, kernel_name, output_path=None, progress_bar=True,
                         log_output=False, autosave_cell_every=SAVE_EVERY, **kwargs):
        """Execute `nb` (papermill's Engine.execute_notebook with sparse saves)."""
        nb_man = SparseSaves(nb, output_path=output_path, progress_bar=progress_bar,
                             log_output=log_output, autosave_cell_every=autosave_cell_every)
        nb_man.notebook_start()
        try:
            cls.execute_managed_notebook(nb_man, kernel_name, log_output=log_output, **kwargs)
        finally:
            nb_man.cleanup_pbar()
            nb_man.notebook_complete()
        return nb_man.nb


papermill_engines.register(ENGINE, SahelEngine)
