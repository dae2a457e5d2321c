"""The JSON Schema describes itself (issue 32): a dialect and an id, and a description on every model
and every field, so that a reader of report.schema.json alone knows what each value means."""

import json

from schema.export import DIALECT, SCHEMA_FILE, SCHEMA_ID, report_schema, schema_json
from schema.models import Model, Provenance, Report


def all_models() -> list[type[Model]]:
    found, todo = [], [Model]
    while todo:
        model = todo.pop()
        found.append(model)
        todo += model.__subclasses__()
    return [m for m in found if m is not Model]


def test_every_model_and_field_has_a_description():
    missing = [m.__name__ for m in all_models() if not (m.__doc__ or "").strip()]
    missing += [f"{m.__name__}.{name}" for m in all_models() for name, field in m.model_fields.items() if not field.description]
    assert not missing, f"add a docstring or Field(description=...) to: {', '.join(missing)}"


def test_the_exported_schema_has_a_dialect_an_id_and_every_description():
    schema = report_schema()
    assert schema["$schema"] == DIALECT and schema["$id"] == SCHEMA_ID and SCHEMA_ID.startswith("urn:ita-ingest:")
    definitions = {**schema["$defs"], "Report": schema}
    missing = [name for name, definition in definitions.items() if not definition.get("description")]
    missing += [f"{name}.{field}" for name, definition in definitions.items()
                for field, value in definition.get("properties", {}).items() if not value.get("description")]
    assert not missing, missing
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == json.loads(schema_json()), "run: python -m schema.export"


def test_provenance_page_is_null_for_text_and_word_files():
    page = Provenance.model_fields["page"].description or ""
    assert "text reports" in page and "Word files" in page
    assert "Provenance" in (Report.model_fields["source"].description or "")   # the two `source`s told apart
