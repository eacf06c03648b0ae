"""Any bytes as a template file end in a template or one ``TemplateError`` (issue 15, "No
tracebacks": a NUL byte gave a 47-line ReaderError)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.domain.template_loader import load_template, parse_template
from tracker.errors import TemplateError

YAMLISH = st.text(
    st.sampled_from(list("ab:-[]{}&*!|>'\"#%@`,?\n\t \x00\x1b\x85\ufeff\udce9é0123456789.")),
    max_size=200,
)


@settings(max_examples=300, deadline=None)
@given(text=YAMLISH)
def test_any_text_is_a_template_or_one_template_error(text: str) -> None:
    try:
        parse_template(text, "fuzz.yaml")
    except TemplateError as exc:
        assert "\n" not in str(exc).strip()


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=300))
def test_any_bytes_in_a_file_are_a_template_or_one_template_error(
    tmp_path: Path, data: bytes
) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(data)
    try:
        load_template(path)
    except TemplateError as exc:
        assert str(exc).startswith(str(path))
