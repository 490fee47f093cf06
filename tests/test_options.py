import pytest

from unionnews.options import ExtractOptions


def test_parquet_always_written():
    assert ExtractOptions(formats=("csv",)).formats == ("parquet", "csv")


@pytest.mark.parametrize(
    "kwargs",
    [{"workers": 0}, {"formats": ("xlsx",)}, {"max_bytes": 0}, {"workers": 10_000}],
)
def test_invalid_options_rejected(kwargs):
    with pytest.raises(ValueError):
        ExtractOptions(**kwargs)


def test_from_mapping_ignores_none_and_rejects_unknown():
    opts = ExtractOptions.from_mapping({"workers": 2, "formats": ["jsonl"], "max_bytes": None})
    assert opts.workers == 2 and opts.formats == ("parquet", "jsonl")
    assert opts.max_bytes == ExtractOptions().max_bytes
    with pytest.raises(TypeError, match="unknown option"):
        ExtractOptions.from_mapping({"wrokers": 2})
