from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from desk.diagram import workflow_svg
from programs.models import Program


class Command(BaseCommand):
    help = "Write the case workflow's state diagram as SVG, drawn from the workflow's table."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="the file to write (default: stdout)")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="the language of the labels (default: %(default)s)",
        )
        parser.add_argument(
            "--kind",
            choices=Program.Kind.values,
            help="only the rows that apply to this program kind (default: the whole table)",
        )

    def handle(self, *args, output=None, language, kind=None, **options):
        with translation.override(language):
            svg = workflow_svg(kind=kind)
        document = f'<?xml version="1.0" encoding="UTF-8"?>\n{svg}\n'
        if output:
            Path(output).write_text(document, encoding="utf-8")
            self.stdout.write(f"Wrote the workflow diagram to {output}.")
        else:
            self.stdout.write(document, ending="")
