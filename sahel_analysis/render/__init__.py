"""Render pipeline: papermill execution, HTML/PDF export, atomic publish, index.

from sahel_analysis.render import render
summary = render(["country_profile"], {"country": "NER"}, output_dir="reports")
"""

from sahel_analysis.render.jobs import Job, JobResult, RenderSummary, Status, plan
from sahel_analysis.render.runner import render

__all__ = ["Job", "JobResult", "RenderSummary", "Status", "plan", "render"]
