"""Report building blocks: one module per catalog report, called cell by cell by the notebooks.

Each module turns validated parameters into a context of tables (``context``, a dataclass such
as ``CountryProfileContext``; bend it with ``dataclasses.replace``) and offers functions that
return a figure, an HTML table or computed Markdown for one section.
"""
