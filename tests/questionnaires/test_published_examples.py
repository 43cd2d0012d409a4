"""Scoring checked against filled-in questionnaires published together with their total score.

Each example is copied answer by answer from its source, as the answer labels the source records
(the LOINC answer displays), and turned into item values through baclo's own options: a label
that baclo codes differently from the source, or does not offer, fails here before any sum. The
answers then go through the public ``baclo.questionnaires.score`` and the total must be the one
the source states. A source whose stated total disagrees with its own answers is not used (see
docs/safety.md, "Scoring checked against").

Neither source names a severity band; the expected band is the one Kroenke, Spitzer & Williams
(J Gen Intern Med 2001;16:606-613) give for the published total (10-14: moderate).

The AUDIT is checked against a scoring library's worked case: the test data of the open-source
awell-health/awell-score library give ten answers with the total and the three domain sub-scores
its test suite asserts.
"""

import pytest

from baclo.questionnaires import PHQ9, audit_domains, score

# LOINC answer list of the PHQ-9 frequency items (LL358-3) with the points each answer scores, as
# published in the ordinalValue extensions of the US Core PHQ-9 Questionnaire example (US Core
# 6.1.0, Questionnaire/phq-9-example) and in the INT values of the C-CDA example below.
LOINC_PHQ9_ANSWERS = [
    ("LA6568-5", "Not at all", 0),
    ("LA6569-3", "Several days", 1),
    ("LA6570-1", "More than half the days", 2),
    ("LA6571-9", "Nearly every day", 3),
]


def phq9_values(labels):
    """The item values baclo gives to the published answer labels, item by item."""
    assert len(labels) == len(PHQ9.items)
    return [
        next(o.value for o in item.options if o.label.en == label)
        for item, label in zip(PHQ9.items, labels, strict=True)
    ]


@pytest.mark.parametrize(
    ("code", "label", "points"), LOINC_PHQ9_ANSWERS, ids=[c for c, _, _ in LOINC_PHQ9_ANSWERS]
)
def test_every_phq9_item_scores_the_loinc_answers_as_published(code, label, points):
    assert phq9_values([label] * len(PHQ9.items)) == [points] * len(PHQ9.items)


PUBLISHED_PHQ9 = [
    # HL7 International, Cross-Group Projects WG, "US Core Implementation Guide" STU 6.1.0
    # (2023), example QuestionnaireResponse/phq-9-example ("generated using the LHC-Forms SDC
    # Questionnaire App"),
    # https://hl7.org/fhir/us/core/STU6.1/QuestionnaireResponse-phq-9-example.html
    # (unchanged in STU 7.0.0 and 8.0.0); source github.com/HL7/US-Core, tag 6.1.0
    # (commit 7dd8da082d9ece3a9cde209d7f5b792c082988c2),
    # file input/examples/QuestionnaireResponse-phq-9-example.json.
    # Total: item /44261-6 valueDecimal 12, repeated by Observation/PHQ9-item-example-44261-6
    # (valueString "12", derivedFrom that response).
    pytest.param(
        [
            "More than half the days",  # /44250-9 little interest or pleasure
            "More than half the days",  # /44255-8 feeling down
            "More than half the days",  # /44259-0 sleep
            "More than half the days",  # /44254-1 tired
            "Several days",  # /44251-7 appetite
            "Several days",  # /44258-2 feeling bad about yourself
            "More than half the days",  # /44252-5 concentrating
            "Not at all",  # /44253-3 moving slowly or restless
            "Not at all",  # /44260-8 better off dead or hurting yourself
        ],
        12,
        id="hl7-us-core-6.1-phq-9-example",
    ),
    # HL7 C-CDA Examples Task Force, "Patient Health Questionnaire PHQ-9" (Mental Status section,
    # C-CDA R2.1), approved by the Structured Documents WG 2019-07-25, updated 2023-03-09;
    # http://cdasearch.hl7.org/examples/view/302a998a-6d91-4f6e-8354-13c7777bdf4b; source
    # github.com/HL7/C-CDA-Examples, commit 1832e199b32b34eaddad7f925ebcce93a103ac6e, folder
    # "Mental Status/Patient Health Questionnaire PHQ-9/",
    # file "Patient Health Questionnaire PHQ-9(C-CDAR2.1).xml".
    # Total: 44261-6 INT 12 and panel 44249-1 value 12 (interpretation H, normal range 0-4).
    pytest.param(
        [
            "Not at all",  # 44250-9
            "Several days",  # 44255-8
            "More than half the days",  # 44259-0
            "Not at all",  # 44254-1
            "Several days",  # 44251-7
            "Nearly every day",  # 44258-2
            "More than half the days",  # 44252-5
            "Nearly every day",  # 44253-3
            "Not at all",  # 44260-8
        ],
        12,
        id="hl7-c-cda-r2.1-phq-9-example",
    ),
]


@pytest.mark.parametrize(("labels", "published_total"), PUBLISHED_PHQ9)
def test_published_phq9_examples_score_their_published_total(labels, published_total):
    result = score("phq9", phq9_values(labels))
    assert result.score == published_total
    assert result.band.id == "moderate"
    assert not result.crisis  # item 9 is "Not at all" in both sources


# A scoring library's test case: awell-health/awell-score (Awell, open-source clinical score
# calculations), commit 89e78be7aec1eee19fdfd6f35a8c59719d72aa44, file
# todo/audit/__testdata__/audit_responses.ts (``random_response``, "Expected score = 24") with the
# assertions of todo/audit/audit.test.ts: TOTAL 24, CONSUMPTION 7 (items 1-3), DEPENDENCE 7
# (items 4-6), ALCOHOL_RELATED_PROBLEMS 10 (items 7-10). The answers are item points (AUDIT_Q01 to
# AUDIT_Q10); items 9 and 10 answer 2, a value the WHO scoring allows (0, 2 or 4).
AWELL_AUDIT_ANSWERS = [4, 1, 2, 3, 3, 1, 4, 2, 2, 2]


def test_the_awell_score_audit_case_scores_its_published_total():
    result = score("audit", AWELL_AUDIT_ANSWERS)
    assert result.score == 24
    assert result.band.id == "zone_4"  # 20-40 in Babor et al. 2001, table 4


def test_the_awell_score_audit_case_gives_its_published_domain_scores():
    result = score("audit", AWELL_AUDIT_ANSWERS)
    assert audit_domains(result) == {"hazardous_use": 7, "dependence": 7, "harmful_use": 10}


def test_domain_scores_exist_for_the_audit_only():
    with pytest.raises(ValueError, match="AUDIT only"):
        audit_domains(score("audit-c", [1, 1, 1]))
