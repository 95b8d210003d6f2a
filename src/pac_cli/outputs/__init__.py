"""What the user reads: terminal reports and documents, made from the commands' results.

The terminal reports of `pac followup`, `pac diff` and `pac calendar`, the sentences they
share with the documents (`texts`), the Jinja environment (`templating`) and the documents
themselves: the acta and the informe (`render`, `template_context`, `workbook`, `pdf`,
`office_zip`) and the matrices of `pac export` (`matrix_writer`, `export`). Outputs format,
they never compute a figure: they import the commands' results and anything below them,
never the command line.
"""
