"""Meetings from evidence, one short text per shape: what is and is not a meeting, which mentions are
one event, its name, place, participants, and the meeting each statement was made at or is about."""
from __future__ import annotations

import datetime as dt

import pytest

PUBLISHED = dt.date(2005, 2, 10)  # a Thursday


@pytest.fixture(scope="session")
def meetings(analyse):
    """[{name, place, participants, earliest, latest}] of a text, in the text's order."""
    def run(text: str, published: dt.date | None = PUBLISHED) -> list[dict]:
        ex = analyse(text, published)
        names = {n.id: n.name for n in ex.nodes}
        found = []
        for n in sorted((n for n in ex.nodes if n.type == "meeting"), key=lambda n: n.position):
            found.append({"name": n.name, "place": n.place, "earliest": n.date.earliest, "latest": n.date.latest,
                          "participants": {names[e.source] for e in ex.edges
                                           if e.type == "participated_in" and e.target == n.id}})
        return found
    return run


@pytest.fixture(scope="session")
def links(analyse):
    """{statement words: (relation, meeting name)} of a text."""
    def run(text: str, published: dt.date | None = PUBLISHED) -> dict[str, tuple[str, str]]:
        ex = analyse(text, published)
        nodes = {n.id: n for n in ex.nodes}
        return {nodes[e.source].text: (e.type, nodes[e.target].name) for e in ex.edges if e.type in ("at", "about")}
    return run


@pytest.mark.parametrize("text", [
    "Students will be admitted if they met certain criteria, the minister said.",  # a condition
    "The figures met expectations, analysts said.",  # 'meet' of no one
    "TOKYO, March 2 - Tokyo is striving to meet U.S. Complaints about its trade practices.",  # satisfying them
    "Russia has yet to meet the WTO's requirements, officials said.",
    "The Conservatives received more votes than Labour in the election.",  # elections are not meetings
    "Mr Chirac said he would be happy to meet Mr Allawi.",  # a disposition, not an event
    "A proposal is expected after the series of international meetings in Europe.",  # several, not one
    # a place in a clause describing talks does not place them (nor make them an event of their own)
    "The talks, launched after concerns about protectionist sentiment in the U.S., are aimed at cutting tariffs.",
    "Shoppers crowded the stores on Boxing Day.",  # a named day is not a meeting
    "Talks resumed.",  # no one, nowhere: nothing to tell it apart
    "The minister did not meet his French counterpart in Paris.",  # negated
    'EU leaders to meet in Brussels\n\nThe economy grew by 2% last year, figures showed.',  # headline only
])
def test_not_a_meeting(meetings, text):
    assert meetings(text) == []


@pytest.mark.parametrize("text, place, participants", [
    # participants from coordinated lists, 'talks with', 'between', 'hosted by'
    ("Mr Blair met Silvio Berlusconi and Gerhard Schroeder in Rome on Monday.",
     "Rome", {"Silvio Berlusconi", "Gerhard Schroeder", "Blair"}),
    ("The EU opened talks with Ankara in Luxembourg on Monday.", "Luxembourg", {"EU", "Turkey"}),
    ("Talks between Japan and the United States began in Tokyo on Monday.", "Tokyo", {"Japan", "United States"}),
    ("A conference in London hosted by finance minister Gordon Brown ended on Tuesday.", "London",
     {"Gordon Brown"}),
    # a journey home from a place was a visit there; a decision taken in a city, a meeting there
    ("Rilwanu Lukman said on his way home from Jamaica that output was low.", "Jamaica", {"Rilwanu Lukman"}),
    ("The summit will assess the plans agreed in Lisbon in 2000.", "Lisbon", set()),
    # places are places: never a month, a weekday or a body
    ("The accession talks with Croatia will open in April 2005.", None, {"Croatia"}),
    ("EU finance ministers met at the Ecofin meeting in Brussels on Tuesday.", "Brussels", set()),
    # meetings of which there were several may have been held anywhere, not where the story was filed
    ("WASHINGTON, Feb 10 - At preliminary meetings of the GATT committee, the United States has pushed "
     "for a freeze.", None, {"GATT"}),
    # the dateline is the place of what happens 'here'
    ("GENEVA, Feb 10 - The European Community and Comecon ended three days of talks here today.", "Geneva",
     {"European Community", "Comecon"}),
    ("TAUPO, New Zealand, March 23 - The meeting at this North Island tourist resort is described by "
     "participants as informal.", "Taupo", set()),
])
def test_place_and_participants(meetings, text, place, participants):
    found = meetings(text)
    assert len(found) == 1
    assert found[0]["place"] == place
    assert participants <= found[0]["participants"]


@pytest.mark.parametrize("text, count", [
    # one event, however it is called
    ("Talks on Iran's nuclear programme were held in Geneva on Monday. The talks ended without agreement. "
     "The meeting was the third this year.", 1),
    # a news conference after the talks belongs to them
    ("NATO and Russia held talks in Brussels on Wednesday. At a news conference after the talks, Alexander "
     "Grushko said Russia would not retreat.", 1),
    # two events: different places, different days, another occurrence
    ("Ministers met in Brussels on Monday. On Tuesday, ministers met in Luxembourg.", 2),
    ("Jack Straw visited Kenya on Monday. Gordon Brown visited Tanzania on Tuesday.", 2),
    ("The two sides met in Geneva on Monday and agreed to hold another meeting.", 1),
    # an indefinite on the same day is another meeting; so is one at another time of the day
    ("A working group met briefly this morning, then broke up into a producer meeting and a consumer meeting.", 3),
    ("The working group met this morning. Delegates reviewed their position ahead of the working group "
     "meeting this afternoon.", 2),
])
def test_one_node_per_event(meetings, text, count):
    assert len(meetings(text)) == count


@pytest.mark.parametrize("text, place, day", [
    # a clause joined to a dated one happens on its day
    ("LONDON, Feb 10 - A working group met this morning, then broke up into a producer meeting.", "London",
     PUBLISHED),
    # 'a meeting here' with no date, told in neither past nor future, is under way
    ("LONDON, Feb 10 - Delegates at a council meeting here have edged closer to a unified stance.", "London",
     PUBLISHED),
])
def test_every_meeting_dated(meetings, text, place, day):
    found = meetings(text)
    assert found and all(m["place"] == place and m["earliest"] == m["latest"] == day for m in found)


def test_what_an_article_announces_happens_on_the_one_day_ahead_it_names(meetings):
    text = ("Jack Straw will visit Auschwitz for the anniversary. Prince Edward will also join the delegation "
            "for Holocaust Memorial Day on 17 February. The Queen will host a reception at St James's Palace.")
    assert {(m["place"], m["earliest"], m["latest"]) for m in meetings(text)} == {
        ("Auschwitz", dt.date(2005, 2, 17), dt.date(2005, 2, 17)),
        ("St James's Palace", dt.date(2005, 2, 17), dt.date(2005, 2, 17))}


def test_a_visit_on_the_way_home_from_another_comes_after_it(meetings, links):
    text = "Rilwanu Lukman said during a brief visit to London on his way home from Jamaica that output was low."
    by_place = {m["place"]: m for m in meetings(text)}
    assert by_place["Jamaica"]["latest"] < by_place["London"]["latest"]
    assert links(text)["output was low"] == ("at", "Rilwanu Lukman visit, London")


def test_an_event_also_told_of_shares_the_date_of_the_one_beside_it(meetings):
    text = "Michael Howard will visit Tokyo next week. Howard, who will also be visiting South Korea, said trade was the issue."
    tokyo, korea = meetings(text)
    assert korea["place"] == "South Korea" and (korea["earliest"], korea["latest"]) == (tokyo["earliest"], tokyo["latest"])


def test_this_session_is_the_one_under_way(links):
    text = ("LONDON, Feb 10 - Delegates at a council meeting here have edged closer to a deal. The EC "
            "Commission met in Brussels on Friday. The key issue at this council session is prices, delegates said.")
    assert links(text)["The key issue at this council session is prices"][1].endswith("London")


@pytest.mark.parametrize("text, words", [
    ("Talks between Japan and the United States began in Tokyo on Monday.", ["Japan", "United States", "Tokyo"]),
    ("The European Council met in Brussels on Monday.", ["European Council", "Brussels"]),
    ("Trade ministers held accession talks with Croatia on Monday.", ["Croatia", "accession talks"]),
])
def test_names_tell_meetings_apart(meetings, text, words):
    name = meetings(text)[0]["name"]
    assert all(w in name for w in words) and name.lower() not in ("talks", "meeting", "visit")


@pytest.mark.parametrize("text, words, expected", [
    # said at the meeting, or in its course
    ("Gordon Brown is visiting Mozambique this week. Speaking outside the Olympic Primary School in Maputo, "
     "Mr Brown said debt relief was working.", "debt relief was working", ("at", "Mozambique")),
    ("Jens Stoltenberg said after the talks in Brussels on Wednesday that differences remained.",
     "differences remained", ("at", "Brussels")),
    # a gerund under a preposition is told in the time of its verb: past, and so said at the summit
    ("Tony Blair and Jacques Chirac are at a summit in Brussels. Mr Chirac reacted to his warning by saying "
     "Europe needed unity.", "Europe needed unity", ("at", "Brussels")),
    # a noun of saying is framed by the clause or the meeting it belongs to
    ("Four trade ministers ended a weekend meeting in Kashikojima with a frank confession that their "
     "governments are losing credibility.", "their governments are losing credibility", ("at", "Kashikojima")),
    # about it: its words name it, or the frame names it as what they are of
    ("Baker and Volcker held talks in Washington yesterday. \"They sat down together,\" a Wright aide said "
     "of the meeting.", "They sat down together,", ("about", "Washington")),
    ("The summit in Brussels will open on Friday. Jack Straw said the summit would fail.",
     "the summit would fail", ("about", "Brussels")),
    # words of what a meeting brought about are about the meeting
    ("On Tuesday, a meeting of the WSIS in Geneva agreed to the creation of a solidarity fund. \"The fund is "
     "voluntary,\" said Kofi Annan.", "The fund is voluntary,", ("about", "Geneva")),
    ("The deal, struck at the European Council last week, pleased Turkey. Tory leader Michael Howard said the "
     "deal laid to rest any suggestion of a clash.", "the deal laid to rest any suggestion of a clash",
     ("about", "European Council")),
    # a meeting noun in quoted words is the meeting of its kind the text names nearest before them (or just
    # after); who says "we had a meeting" took part, and speaks at it
    ("\"It is significant that he is coming to Europe as his first foreign visit,\" said Tony Blair. George "
     "Bush is due in Europe at the end of February.", "It is significant that he is coming to Europe as his "
     "first foreign visit,", ("about", "Europe")),
    ("NEW YORK, Feb 10 - Debt talks between the Philippines and its banks were poised after a brief meeting "
     "between the two sides today. \"We had a businesslike meeting,\" a banker said.",
     "We had a businesslike meeting,", ("at", "Meeting, New York")),
    # nothing is said at a meeting yet to begin
    ("Jack Straw said ahead of the summit in Venice in June that farm subsidies must go.",
     "farm subsidies must go", ("about", "Venice")),
    # what one cue reports is not where it was said, though a quote of the cue stands in another clause
    ("Trade ministers are holding talks in Geneva this week. As Britain rejected the \"quick fix\", Jack Straw "
     "said Britain will press at the talks for a long-term deal.", "quick fix", ("about", "Geneva")),
    # a quote inside the clause that names the meeting: the clause is what was said, not where
    ("Jack Straw said the talks in Geneva next week would be \"decisive\".", "decisive", ("about", "Geneva")),
])
def test_statement_meeting(links, text, words, expected):
    relation, name = links(text)[words]
    assert relation == expected[0] and expected[1] in name


def test_words_about_one_meeting_are_not_said_at_another_named_later(links):
    text = ("LONDON, Feb 10 - Chances that the board meeting on Tuesday will agree on quotas look remote, "
            "delegates said. At a recent meeting in Managua, producers said they set their quotas.")
    relation, name = links(text)["Chances that the board meeting on Tuesday will agree on quotas look remote"]
    assert relation == "about" and "Board" in name


def test_a_party_speaks_at_the_meeting_just_ended_where_the_story_is_filed(links):
    text = ("KASHIKOJIMA, Japan, April 26 - Four trade ministers ended a weekend meeting. \"We need action,\" "
            "Japanese Trade Minister Hajime Tamura said following two days of talks with the trade ministers of "
            "the United States, the European Community and Canada in central Japan. \"The time has come to "
            "act,\" said EC external trade chief Willy de Clercq.")
    assert links(text, dt.date(1987, 4, 26))["The time has come to act,"][0] == "at"


def test_a_meeting_last_week_is_not_where_this_week_s_words_are_said(links):
    text = ("WASHINGTON, Feb 14 - Soybean producers held a high-level meeting with Agriculture Department "
            "officials in Washington last week. \"There were no surprises in our package,\" a participant said.")
    assert "There were no surprises in our package," not in links(text, dt.date(2005, 2, 14))  # a Monday


def test_a_general_noun_in_quoted_words_names_no_meeting(links):
    text = ("The Queen attended a ceremony in London on Tuesday. \"There are events happening that are "
            "unusual,\" said Al Gore.")
    assert "There are events happening that are unusual," not in links(text)


def test_words_to_the_press_are_not_said_at_a_meeting(links):
    text = ("Tony Blair is at a summit in Brussels. \"America has spoken,\" the prime minister said in an "
            "interview with The Times newspaper.")
    assert "America has spoken," not in links(text)


@pytest.mark.parametrize("text, linked, relation, unlinked", [
    # words "recently" said were not said at the meeting going on
    ("Tony Blair is at a summit in Brussels. \"Europe must act,\" Mr Blair said. Mr Blair recently said the UK "
     "would only join measures in its interests.", "Europe must act,", "at",
     "the UK would only join measures in its interests"),
    # a speaker who turns ("But ...") turns to another point
    ("Tory leader Michael Howard said the Brussels meeting was useful. He added that Turkey would be a bridge. "
     "But the Tory leader argued that the constitution was too weak.", "Turkey would be a bridge", "about",
     "the constitution was too weak"),
    # and so does one who speaks again after others have spoken
    ("Tory leader Michael Howard said the Brussels meeting was useful. Tony Blair said Turkey would join in ten "
     "years. Mr Howard added that the constitution was too weak.", "the Brussels meeting was useful", "about",
     "the constitution was too weak"),
])
def test_what_a_speaker_goes_on_to_say_is_of_the_same_meeting_until(links, text, linked, relation, unlinked):
    found = links(text)
    assert found[linked][0] == relation and unlinked not in found


def test_coordinated_meetings_keep_their_own_places(meetings):
    text = ("She said that next month's meeting of the OECD and the meeting of leaders of the G-7 nations in "
            "Venice in the summer would be a forum.")
    assert [m["place"] for m in meetings(text)] == [None, "Venice"]
