"""One short sentence per statement shape: kind, words, speaker and the mention as written."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, expected", [
    # direct quotes, every common frame
    ('"We will not back down," said Jane Smith.', ("direct", "We will not back down,", "Jane Smith", "Jane Smith")),
    ('"We will not back down," Jane Smith said.', ("direct", "We will not back down,", "Jane Smith", "Jane Smith")),
    ('Jane Smith said: "We will not back down."', ("direct", "We will not back down.", "Jane Smith", "Jane Smith")),
    ('"We will not back down," Jane Smith, the foreign minister, said.',
     ("direct", "We will not back down,", "Jane Smith", "Jane Smith")),
    ('"We will not back down" — Jane Smith', ("direct", "We will not back down", "Jane Smith", "Jane Smith")),
    ("“We will not back down,” said Jane Smith.", ("direct", "We will not back down,", "Jane Smith", "Jane Smith")),
    # partial quotes inside reported speech
    ('Jane Smith said "we will not back down" and left.', ("partial", "we will not back down", "Jane Smith", "Jane Smith")),
    # indirect speech
    ("Jane Smith said the talks had failed.", ("indirect", "the talks had failed", "Jane Smith", "Jane Smith")),
    ("Jane Smith told reporters that the talks had failed.",
     ("indirect", "the talks had failed", "Jane Smith", "Jane Smith")),
    ("According to Jane Smith, the talks failed.", ("indirect", "the talks failed", "Jane Smith", "Jane Smith")),
    ("Jane Smith urged Russia to return to the table.",
     ("indirect", "Russia to return to the table", "Jane Smith", "Jane Smith")),
    ("Jane Smith called on Russia to return to the table.",
     ("indirect", "Russia to return to the table", "Jane Smith", "Jane Smith")),
    ("Jane Smith denied that she had lied.", ("indirect", "she had lied", "Jane Smith", "Jane Smith")),
    ("Jane Smith warned that the talks could fail.", ("indirect", "the talks could fail", "Jane Smith", "Jane Smith")),
    ("It was announced by the ministry that the talks had failed.",
     ("indirect", "the talks had failed", "ministry", "the ministry")),
    # countries speak through their capitals
    ("Moscow insists the deployment is defensive.", ("indirect", "the deployment is defensive", "Russia", "Moscow")),
])
def test_statement_shapes(said, text, expected):
    assert said(text) == [expected]


def test_partial_quote_inside_a_longer_report(said):
    assert said('Jane Smith said there were "significant differences" after the talks.') == [
        ("indirect", 'there were "significant differences" after the talks', "Jane Smith", "Jane Smith"),
        ("partial", "significant differences", "Jane Smith", "Jane Smith"),
    ]


def test_quote_split_around_its_cue_keeps_the_speaker(said):
    rows = said('Jane Smith spoke on Monday. "We will not back down," she said, "whatever it costs."')
    assert [(k, t, s, m) for k, t, s, m in rows] == [
        ("direct", "We will not back down,", "Jane Smith", "she"),
        ("direct", "whatever it costs.", "Jane Smith", "she"),
    ]


def test_quote_only_sentence_continues_the_previous_speaker(said):
    rows = said('John Brown arrived. "It was a good meeting," he added. "We made progress."')
    assert rows[-1] == ("direct", "We made progress.", "John Brown", "he")


def test_quote_over_two_paragraphs_takes_the_speaker_named_at_its_end(said):
    rows = said("“A quote that goes on\n“into the next paragraph,” said Jane Smith.")
    assert [r[2] for r in rows] == ["Jane Smith", "Jane Smith"]


def test_parenthetical_cue_with_a_partial_quote(said):
    rows = said('Michael Carpenter spoke. The challenge, he said, is to “determine what is possible.”')
    assert rows == [("partial", "determine what is possible.", "Michael Carpenter", "he")]


def test_quoted_fragments_under_one_cue_are_one_statement(said):
    rows = said('Ted Cruz called Donald Trump a "pathological liar" who is "utterly amoral."')
    assert len(rows) == 1 and rows[0][0] == "partial" and rows[0][2] == "Ted Cruz"
    assert rows[0][1].startswith("pathological liar") and rows[0][1].endswith("utterly amoral.")


def test_scare_quotes_are_not_statements(said):
    assert said('The so-called "peace dividend" never came.') == []


def test_joint_speakers_are_all_kept(analyse):
    ex = analyse("Jane Smith and John Brown said the talks had failed.")
    names = {n.id: n.name for n in ex.nodes}
    said_by = sorted((e.joint, names[e.source]) for e in ex.edges if e.type == "said")
    assert said_by == [(False, "Jane Smith"), (True, "John Brown")]


def test_told_records_the_addressee(analyse):
    ex = analyse("He told independent Russian TV channel Dozhd that talks would go on.")
    statement = next(n for n in ex.nodes if n.type == "statement")
    assert statement.addressee.text == "independent Russian TV channel Dozhd"
    assert statement.cue.text == "told"


@pytest.mark.parametrize("text, speaker", [
    # a title alone names the person it was given to
    ("NATO chief Jens Stoltenberg arrived. The NATO chief said the talks had failed.", "Jens Stoltenberg"),
    # pronouns agree in gender: "she" skips the man named last
    ("Wendy Sherman met John Brown. She said the talks had failed.", "Wendy Sherman"),
    ("Wendy Sherman met John Brown. He said the talks had failed.", "John Brown"),
    # a surname joins the full name, whatever label the model gave it
    ("Jens Stoltenberg arrived in Brussels. Stoltenberg said the talks had failed.", "Jens Stoltenberg"),
    # "who" is the noun its clause belongs to
    ("It was Jane Smith, who said the talks had failed.", "Jane Smith"),
    # a spokesman for an organisation
    ("A spokesman for the World Bank said the talks had failed.", "World Bank spokesman"),
])
def test_speaker_resolution(said, text, speaker):
    assert said(text)[-1][2] == speaker


def test_not_a_verb_of_saying(said):
    assert said("Jane Smith agreed to share the costs.") == []
    assert said("The parties continue to work on the text.") == []


@pytest.mark.parametrize("text, expected", [
    # a reporting verb with its own subject and auxiliary is a frame, not a gloss on another
    ('Shultz is being advised the "plan is in trouble" while Treasury officials are urging banks to adopt '
     "flexible approaches to guarantee their participation.",
     ("indirect", "banks to adopt flexible approaches to guarantee their participation", "Treasury officials",
      "Treasury officials")),
])
def test_frames_inside_other_frames(said, text, expected):
    assert expected in said(text)


@pytest.mark.parametrize("text, expected", [
    # nouns for words with the clause they say, and whose words they are
    ("Prices fell despite denials by Trade Secretary Paul Channon that Britain was on the verge of a trade war.",
     ("indirect", "Britain was on the verge of a trade war", "Paul Channon", "Trade Secretary Paul Channon")),
    ("Four trade ministers ended a weekend meeting with a frank confession that their governments are losing "
     "credibility.", ("indirect", "their governments are losing credibility", "trade ministers", "Four trade ministers")),
])
def test_nominal_cues(said, text, expected):
    assert expected in said(text)


def test_fragments_on_either_side_of_their_cue_are_two_reports(said):
    rows = said('At the same time the U.S. is rejecting the Australian "quick fix", Wallis said the U.S. will press '
                'at the summit for a declaration urging that agriculture talks be completed "expeditiously".')
    assert [t for k, t, _, _ in rows if k == "partial"] == ["quick fix", "expeditiously"]


@pytest.mark.parametrize("text, expected", [
    # a relative clause on quoted words is about the words, not a frame that attributes them
    ('Consumers pressed for shares to be redistributed using "objective criteria," which would have '
     "threatened the share of Brazil.", ("partial", "objective criteria,", "Consumers", "Consumers")),
    # a participle of thinking is part of the report, not a frame of its own
    ("Britain reacted optimistically to the letter, seeing it as a signal that he would help, government "
     "sources said.", ("indirect", "Britain reacted optimistically to the letter, seeing it as a signal that he "
                                   "would help", "government sources", "government sources")),
    # what completes an object of saying is said too, where the parser hung it on the verb
    ("Soybean groups have pledged their support to maintaining current price supports.",
     ("indirect", "their support to maintaining current price supports", "Soybean groups", "Soybean groups")),
    ("The ministers reconfirmed their individual promises to solve the problem.",
     ("indirect", "their individual promises to solve the problem", "ministers", "The ministers")),
    # in a relative clause what was said follows the verb, its subject the relative pronoun
    ("Members dislike the subsidies, which competitors say give Russian businesses an unfair advantage.",
     ("indirect", "give Russian businesses an unfair advantage", "competitors", "competitors")),
    ("The plan, which officials said was ready, failed.", ("indirect", "was ready", "officials", "officials")),
    # a reported clause the parser hung on the one spoken to
    ("Jane Smith told a meeting of insurance brokers today that Britain believed a solution could be found.",
     ("indirect", "Britain believed a solution could be found", "Jane Smith", "Jane Smith")),
    # a document speaks for itself, not for whoever acts on it
    ("Hillary Clinton is seizing upon a New York Times report that Donald Trump had a net loss in 1995.",
     ("indirect", "Donald Trump had a net loss in 1995", "New York Times", "a New York Times report")),
    ("Lukman, asked about industry reports that Nigeria was being pressured, said terms were negotiable.",
     ("indirect", "Nigeria was being pressured", "industry reports", "industry reports")),
])
def test_what_belongs_to_a_report(said, text, expected):
    assert expected in said(text)


def test_a_sentence_opening_with_a_coordinator_goes_on_with_the_report_before(said):
    rows = said('But he said many objections were based on a "lack of information". And "intense discussions" '
                'were taking place with US officials.')
    assert ("partial", "intense discussions", None, "he") in rows


def test_what_is_told_is_not_the_one_told(said):
    assert said("The museum tells the truth that a country founded on liberty held thousands in chains.") == []
