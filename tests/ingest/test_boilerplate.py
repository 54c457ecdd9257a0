"""label_blocks: paragraph splitting with exact offsets, furniture labelled, body kept as body."""

from __future__ import annotations

from incidex.ingest.boilerplate import label_blocks, split_blocks
from incidex.models import Block

BODY_1 = (
    "Gunmen opened fire on a checkpoint outside the fictional town of Marrow on Tuesday, "
    "killing two guards, the regional police chief said."
)
BODY_2 = (
    "No group has said it carried out the attack, and officials declined to say whether "
    "anyone had been detained."
)


def labelled(text: str) -> list[tuple[str, str | None, str]]:
    return [(b.kind, b.reason, text[b.start : b.end]) for b in label_blocks(text)]


def kind_of(text: str, snippet: str) -> tuple[str, str | None]:
    for kind, reason, block in labelled(text):
        if snippet in block:
            return kind, reason
    raise AssertionError(f"no block contains {snippet!r}")


def assert_offsets(text: str, blocks: list[Block]) -> None:
    for block in blocks:
        piece = text[block.start : block.end]
        assert piece and piece == piece.strip()


def test_body_paragraphs_stay_body() -> None:
    text = f"{BODY_1}\n\n{BODY_2}\n"
    assert labelled(text) == [("body", None, BODY_1), ("body", None, BODY_2)]


def test_offsets_are_exact_with_indentation_and_crlf_free_spacing() -> None:
    text = f"   \n    {BODY_1}   \n\n\t{BODY_2}\n\n   More News  \n"
    blocks = label_blocks(text)
    assert_offsets(text, blocks)
    assert [text[b.start : b.end] for b in blocks] == [BODY_1, BODY_2, "More News"]


def test_single_newline_text_splits_into_lines() -> None:
    text = f"{BODY_1}\n{BODY_2}"
    assert [text[a:b] for a, b in split_blocks(text)] == [BODY_1, BODY_2]


def test_hard_wrapped_paragraph_stays_one_block() -> None:
    text = (
        "Gunmen opened fire on a checkpoint outside the fictional town of\n"
        "Marrow on Tuesday, killing two guards and wounding three others,\n"
        "the regional police chief told reporters on Wednesday morning."
    )
    assert labelled(text) == [("body", None, text)]


def test_sentence_running_onto_next_line_is_joined() -> None:
    text = "The convoy was hit near the bridge\nafter dark, officials said."
    assert len(label_blocks(text)) == 1


def test_related_stories_list_after_heading() -> None:
    text = "\n".join(
        [
            BODY_1,
            "",
            "Related stories",
            "Flooding closes main road into the valley",
            "Farmers protest new water tariffs in the capital",
            "Villagers rebuild school destroyed by storm",
            "",
            BODY_2,
        ]
    )
    labels = labelled(text)
    assert labels[0] == ("body", None, BODY_1)
    assert [r for k, r, _ in labels[1:5]] == ["related stories"] * 4
    assert all(k == "boilerplate" for k, _, _ in labels[1:5])
    assert labels[-1] == ("body", None, BODY_2)


def test_related_heading_in_caps_with_captions_and_standfirsts() -> None:
    text = "\n".join(
        [
            BODY_1,
            "",
            "RELATED STORIES",
            "Firefighters spray water on a burning warehouse at dawn.",
            "Warehouse fire in harbour district under control",
            "Crews worked through the night to stop the flames from spreading",
        ]
    )
    labels = labelled(text)
    assert labels[0][0] == "body"
    assert {r for _, r, _ in labels[1:]} == {"related stories"}


def test_more_news_and_read_more_headings() -> None:
    text = f"{BODY_1}\n\nMore News\n\nRead more:\n\nTrain services resume after strike"
    assert kind_of(text, "More News") == ("boilerplate", "related stories")
    assert kind_of(text, "Read more") == ("boilerplate", "related stories")
    assert kind_of(text, "Train services") == ("boilerplate", "related stories")
    assert kind_of(text, "Gunmen") == ("body", None)


def test_inline_also_read_link() -> None:
    text = f"{BODY_1}\n\nAlso read: Harbour reopens after week-long closure\n\n{BODY_2}"
    assert kind_of(text, "Also read") == ("boilerplate", "related stories")
    assert kind_of(text, "No group") == ("body", None)


def test_related_section_ends_at_normal_paragraph() -> None:
    text = "\n".join(["You may also like", "Storm warning for coastal areas", BODY_2])
    assert kind_of(text, "Storm warning") == ("boilerplate", "related stories")
    assert kind_of(text, "No group") == ("body", None)


def test_opinion_section() -> None:
    text = "\n".join(
        [
            BODY_1,
            "",
            "Opinion",
            "",
            "Why the river towns need better bridges",
            "Jane Example",
            "Budget talks stall again",
            "Sam Placeholder",
        ]
    )
    labels = labelled(text)
    assert labels[0][0] == "body"
    assert [(k, r) for k, r, _ in labels[1:]] == [("boilerplate", "opinion")] * 5


def test_captions() -> None:
    text = "\n".join(
        [
            "Smoke rises over the market after the blast",
            "Photo: Staff photographer",
            BODY_1,
            "A view of the damaged checkpoint (Photo/Courtesy of local police)",
            "Rescue workers search the rubble | Reuters",
            "Police cordon off the street. AFP/Someone Example",
            "File photo",
            BODY_2,
        ]
    )
    assert kind_of(text, "Smoke rises") == ("boilerplate", "caption")
    assert kind_of(text, "Photo: Staff") == ("boilerplate", "caption")
    assert kind_of(text, "A view of the damaged") == ("boilerplate", "caption")
    assert kind_of(text, "Rescue workers") == ("boilerplate", "caption")
    assert kind_of(text, "Police cordon") == ("boilerplate", "caption")
    assert kind_of(text, "File photo") == ("boilerplate", "caption")
    assert kind_of(text, "Gunmen") == ("body", None)
    assert kind_of(text, "No group") == ("body", None)


def test_image_file_name_line() -> None:
    text = f"checkpoint-attack-outside-marrow-1024x576\n\n{BODY_1}"
    assert kind_of(text, "checkpoint-attack")[0] == "boilerplate"
    assert kind_of(text, "Gunmen") == ("body", None)


def test_navigation_tagline_and_site_furniture() -> None:
    text = "\n".join(
        [
            "Skip to content",
            "Home | World | Politics | Sport",
            "Voices from the river valley",
            "Menu",
            "Checkpoint attack kills two guards in Marrow",
            "Published : 4 June 2024, 10:15 AM",
            "By Jane Example",
            BODY_1,
            "Advertisement",
            BODY_2,
            "Share",
            "Follow us",
            "Subscribe",
            "© 2024 River Valley Times. All rights reserved.",
            "Reporting by Jane Example; Editing by Sam Placeholder",
        ]
    )
    expected = {
        "Skip to content": "navigation",
        "Home | World": "navigation",
        "Voices from the river valley": "tagline",
        "Menu": "navigation",
        "Published :": "byline",
        "By Jane Example": "byline",
        "Advertisement": "advertisement",
        "Share": "navigation",
        "Follow us": "navigation",
        "Subscribe": "navigation",
        "© 2024": "copyright",
        "Reporting by": "byline",
    }
    for snippet, reason in expected.items():
        assert kind_of(text, snippet) == ("boilerplate", reason), snippet
    assert kind_of(text, "Checkpoint attack kills") == ("body", None)  # the headline
    assert kind_of(text, "Gunmen") == ("body", None)
    assert kind_of(text, "No group") == ("body", None)


def test_lone_headline_above_body_is_not_a_tagline() -> None:
    text = f"Checkpoint attack kills two guards\n\n{BODY_1}"
    assert all(kind == "body" for kind, _, _ in labelled(text))


def test_caps_question_headings_stay_body() -> None:
    text = f"{BODY_1}\n\nWHO WAS BEHIND THE ATTACK?\n\n{BODY_2}\n\nWHAT HAPPENS NEXT?\n\n{BODY_1}"
    assert all(kind == "body" for kind, _, _ in labelled(text))


def test_ordinary_sentence_mentioning_cues_stays_body() -> None:
    text = (
        "Related to the earlier bombing, police said a photo: taken by a witness showed two men "
        "leaving the area shortly before the blast on Monday evening.\n\n"
        "Read more about the investigation was all the officer would say when asked for details."
    )
    assert all(kind == "body" for kind, _, _ in labelled(text))


def test_empty_text_has_no_blocks() -> None:
    assert label_blocks("") == []
    assert label_blocks(" \n\n \n") == []
