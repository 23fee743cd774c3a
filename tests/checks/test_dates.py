from __future__ import annotations

import pytest

CASES = [
    ("Il 3 marzo 2021 la giunta ha votato.", "On March 3, 2021 the council voted.", []),
    ("Il 3 marzo 2021 la giunta ha votato.", "On 3 March 2021 the council voted.", []),
    ("Il 3 marzo 2021 la giunta ha votato.", "On the 3rd of March 2021 the council voted.", []),
    ("Il 3 marzo 2021 la giunta ha votato.", "On March 4, 2021 the council voted.", ["DAT001"]),
    ("Il 3 marzo 2021 la giunta ha votato.", "On May 3, 2021 the council voted.", ["DAT001"]),
    ("Il 3 marzo 2021 la giunta ha votato.", "On March 3 the council voted.", ["DAT001"]),
    ("Martedì la giunta ha votato.", "On Tuesday the council voted.", []),
    ("Martedì la giunta ha votato.", "On Wednesday the council voted.", ["DAT001"]),
    ("Ieri la giunta ha votato.", "Yesterday the council voted.", []),
    ("Ieri la giunta ha votato.", "Tomorrow the council will vote.", ["DAT001"]),
    ("L'anno scorso è cresciuto.", "Last year it grew.", []),
    ("L'anno scorso è cresciuto.", "Next year it grew.", ["DAT001"]),
    ("Il 3/4/2021 si è votato.", "On 4/3/2021 people voted.", []),
    ("Si vota il 9 e 10 giugno.", "The vote is on June 9 and 10.", []),
    ("Dal 6 al 10 febbraio 2024.", "From February 6 to 10, 2024.", []),
    ("Oggi si vota.", "People vote on Sunday.", ["DAT003"]),
    ("Si vota a maggio.", "People may vote in May.", []),
    ("Si vota a maggio.", "The vote is in June.", ["DAT001"]),
    ("Si vota a maggio.", "The vote is soon.", ["DAT002"]),
    ("È partito ieri sera.", "He left last night.", []),
    ("I casi sono raddoppiati nell'ultima settimana.", "Cases doubled in the last week.", []),
    ("Il museo chiude il sabato.", "The museum closes on Saturdays.", []),
    ("Omar ha parlato il 3 giugno.", "Omar spoke on June 3.", []),
    ("Si vota a metà giugno.", "The vote is in mid-June.", []),
]


@pytest.mark.parametrize(("source", "target", "codes"), CASES)
def test_dates(run_check, source: str, target: str, codes: list[str]) -> None:
    assert [s.code for s in run_check("dates", source, target)] == codes


def test_number_check_leaves_dates_to_the_date_check(run_check) -> None:
    src, tgt = "Il 3 marzo si vota.", "The vote is on March 4."
    assert run_check("numbers", src, tgt) == []
    assert [s.code for s in run_check("dates", src, tgt)] == ["DAT001"]
