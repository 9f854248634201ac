"""`twitter` is X everywhere: one helper (persona.text.channels) behind the model, X counting and the prompt."""

from __future__ import annotations

import pytest

from persona.check.engine import check_text
from persona.check.registry import example_persona
from persona.text.channels import channel_aliases, is_x
from persona.text.xcount import length_for_channel

POST = "تابعوا التحديثات على https://www.moj.gov.sa " + "ن" * 250


@pytest.mark.parametrize("name", ["x", "X", "twitter", "Twitter"])
def test_every_name_of_x_is_x(name: str) -> None:
    persona = example_persona()
    assert is_x(name) and persona.channel(name) is persona.channels["x"]
    assert length_for_channel(name, "https://www.moj.gov.sa/ar/eServices/portal") == 23  # a link counts 23
    assert [f.rule for f in check_text(persona, POST, channel=name).findings if f.rule.startswith("channel.")] == [
        "channel.length"]


def test_other_channels_are_not_x() -> None:
    assert not is_x("instagram") and not is_x(None) and not is_x("")
    assert channel_aliases("Twitter") == ("twitter", "x") and channel_aliases("Web") == ("web",)
    assert length_for_channel("web", "https://www.moj.gov.sa/ar/eServices/portal") == 42
