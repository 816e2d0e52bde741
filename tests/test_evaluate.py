"""newskb's own scoring agrees with the shared scorers on the same predictions."""
from __future__ import annotations

import json
import subprocess
import sys

from conftest import SEED, SEED_GOLD, SHARED, json_of

TEXT_A = 'Jane Smith said the talks had failed. "We tried," she added.\n'
ANN_A = (
    "T1\tSource 0 10\tJane Smith\n"
    "T2\tCue 11 15\tsaid\n"
    "T3\tContent 16 36\tthe talks had failed\n"
    "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n"
    "T4\tContent 38 47\t\"We tried\n"
    "T5\tSource 50 53\tshe\n"
    "T6\tCue 54 59\tadded\n"
    "E2\tAttribution:T6 Content:T4 Cue:T6 Source:T5\n"
    "T7\tContent 0 5\tJane \n"
    "T8\tCue 20 25\ttalks\n"
    "E3\tAttribution:T8 Content:T7 Cue:T8\n"
)
TEXT_B = "Officials believe the plan will work.\n"
ANN_B = "T1\tSource 0 9\tOfficials\nT2\tCue 10 17\tbelieve\nT3\tContent 18 36\tthe plan will work\nE1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n"


def make_split(folder):
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    for name, text, ann in (("a", TEXT_A, ANN_A), ("b", TEXT_B, ANN_B)):
        (folder / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
        (folder / "attributions" / f"{name}_x1.ann").write_text(ann, encoding="utf-8")


PREDICTIONS = [
    {"file": "a.txt", "start": 16, "end": 36, "speaker_start": 0, "speaker_end": 10},   # right
    {"file": "a.txt", "start": 39, "end": 47, "speaker_start": 0, "speaker_end": 4},    # wrong speaker
    {"file": "b.txt", "start": 18, "end": 36, "speaker_start": 0, "speaker_end": 9},    # not a statement
    {"file": "c.txt", "start": 0, "end": 3, "speaker_start": None, "speaker_end": None},  # no such file
]


def test_brat_scores_agree_with_polnear_score(tmp_path):
    from newskb.evaluate import Prediction, load_brat_gold, score_brat

    split = tmp_path / "split"
    make_split(split)
    preds = tmp_path / "preds.jsonl"
    preds.write_text("\n".join(json.dumps(p) for p in PREDICTIONS), encoding="utf-8")
    for flag in ([], ["--quoted"]):
        out = subprocess.run([sys.executable, str(SHARED / "tools" / "polnear_score.py"), str(split), str(preds), *flag],
                             capture_output=True, text=True, check=True)
        theirs = json.loads(out.stdout)
        ours = score_brat(load_brat_gold(split, quoted_only=bool(flag)), [Prediction(**p) for p in PREDICTIONS]).figures
        assert ours == theirs


def test_utterances_score_as_one_statement_as_polnear_score_does(tmp_path):
    """'"A," X said. "B."': two quotes of one utterance are one discontinuous statement."""
    from newskb.evaluate import load_brat_gold, predictions_from_statements, score_brat

    split = tmp_path / "split"
    make_split(split)
    article = {"path": "a.txt"}
    quotes = [  # the gold statement "the talks had failed" in two passages, then "We tried" alone
        {"article": article, "start": 16, "end": 25, "speaker_mention": {"start": 0, "end": 10}, "utterance": "u1"},
        {"article": article, "start": 26, "end": 36, "speaker_mention": None, "utterance": "u1"},
        {"article": article, "start": 39, "end": 47, "speaker_mention": {"start": 50, "end": 53}, "utterance": None},
    ]
    path = tmp_path / "quotes.json"
    path.write_text(json.dumps(quotes), encoding="utf-8")
    out = subprocess.run([sys.executable, str(SHARED / "tools" / "polnear_score.py"), str(split), str(path)],
                         capture_output=True, text=True, check=True)
    ours = score_brat(load_brat_gold(split), predictions_from_statements(quotes)).figures
    assert ours == json.loads(out.stdout)
    assert (ours["predicted"], ours["matched"], ours["speaker_accuracy"]) == (2, 2, 1.0)


def test_gold_scores_agree_with_gold_score(cli, tmp_path):
    from newskb.evaluate import score_gold

    db = tmp_path / "kb.db"
    assert cli("ingest", SEED, "--db", db).exit_code == 0
    answers = {c: json_of(cli(c, "--json", "--db", db)) for c in ("quotes", "meetings", "people")}
    files = []
    for name, rows in answers.items():
        (tmp_path / f"{name}.json").write_text(json.dumps(rows), encoding="utf-8")
        files.append(str(tmp_path / f"{name}.json"))
    out = subprocess.run([sys.executable, str(SHARED / "tools" / "gold_score.py"), str(SEED_GOLD), *files],
                         capture_output=True, text=True, check=True)
    theirs = json.loads(out.stdout)
    ours = score_gold(json.loads(SEED_GOLD.read_text(encoding="utf-8")), answers["quotes"], answers["meetings"],
                      answers["people"])
    assert {k: ours[k] for k in theirs} == theirs


def test_evaluate_command_on_gold(cli):
    result = cli("evaluate", "--format", "gold", SEED_GOLD, "--json")
    [row] = json_of(result)
    assert row["quotes_found"] == 15 and row["chronology_right"] is True


def test_evaluate_command_on_a_split(cli, tmp_path):
    split = tmp_path / "split"
    make_split(split)
    figures = json_of(cli("evaluate", "--format", "polnear", split, "--json"))
    assert figures["gold"] == 2 and figures["matched"] >= 1


TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>{name}</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-02-27" temporalFunction="false" functionInDocument="CREATION_TIME">19980227</TIMEX3></DCT>
<TEXT>
{body}
</TEXT>
</TimeML>
"""
TML_BODIES = {
    "d1": 'Talks ended <TIMEX3 tid="t1" type="DATE" value="1998-02-26">Thursday</TIMEX3> after '
          '<TIMEX3 tid="t2" type="DURATION" value="PT90M">90 minutes</TIMEX3>, <TIMEX3 tid="t3" type="DATE" '
          'value="PRESENT_REF">now</TIMEX3> &amp; <TIMEX3 tid="t4" type="SET" value="P1D">daily</TIMEX3>.',
    "d2": 'Profit rose in <TIMEX3 tid="t1" type="DATE" value="1997-Q4">the fourth quarter</TIMEX3> from '
          '<TIMEX3 tid="t2" type="DATE" value="1996-Q4">a year earlier</TIMEX3> at '
          '<TIMEX3 tid="t3" type="TIME" value="1998-02-27T10:00">10 a.m.</TIMEX3>',
    "d3": 'Nothing happened <TIMEX3 tid="t1" type="DATE" value="1998-02-27T00:00">today</TIMEX3>.',
}


def test_timeml_scores_agree_with_timeml_score(tmp_path):
    from newskb.evaluate import read_timeml_folder, score_timeml

    gold = tmp_path / "tml"
    gold.mkdir()
    for name, body in TML_BODIES.items():
        (gold / f"{name}.tml").write_text(TML.format(name=name, body=body), encoding="utf-8")
    docs = {d.name: d for d in read_timeml_folder(gold)}
    t1 = docs["d1"].text.index("Thursday")
    predictions = {
        # exact, value right; overlapping, type wrong; one spurious; one covering two gold spans
        "d1": [{"start": t1, "end": t1 + 8, "type": "DATE", "value": "1998-02-26"},
               {"start": docs["d1"].text.index("90"), "end": docs["d1"].text.index("90") + 2, "type": "DATE", "value": "PT90M"},
               {"start": 1, "end": 5, "type": "DATE", "value": "XXXX"},
               {"start": docs["d1"].text.index("now"), "end": docs["d1"].text.index("daily") + 5, "type": "DATE",
                "value": "PRESENT_REF"}],
        # value normalisation: midnight and case
        "d3": [{"start": docs["d3"].text.index("today"), "end": docs["d3"].text.index("today") + 5, "type": "date",
                "value": "1998-02-27t00:00"}],
    }  # d2: no predictions file
    preds = tmp_path / "pred"
    preds.mkdir()
    for name, times in predictions.items():
        (preds / f"{name}.json").write_text(json.dumps({"times": times}), encoding="utf-8")
    for types in ([], ["--types", "DATE,TIME"]):
        out = subprocess.run([sys.executable, str(SHARED / "tools" / "timeml_score.py"), str(gold), str(preds), *types],
                             capture_output=True, text=True, check=True)
        theirs = json.loads(out.stdout)
        chosen = tuple(types[1].split(",")) if types else ("DATE", "TIME", "DURATION", "SET")
        ours = score_timeml(list(docs.values()), {**{n: None for n in docs}, **predictions}, chosen)
        assert ours == theirs


def test_evaluate_command_on_timeml(cli, tmp_path):
    (tmp_path / "d1.tml").write_text(TML.format(name="d1", body=TML_BODIES["d1"]), encoding="utf-8")
    figures = json_of(cli("evaluate", "--format", "timeml", tmp_path, "--json"))
    assert figures["gold"] == 4 and figures["relaxed"]["correct"] >= 3 and set(figures["by_type"]) == {
        "DATE", "TIME", "DURATION", "SET"}
