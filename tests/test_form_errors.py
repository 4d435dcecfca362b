"""The participants' forms say their rules before they bite (WCAG 3.3.2), and a refused form
says what is wrong where a screen reader finds it (3.3.1, 4.1.3): an error summary at the top
whose links lead to the fields, each field marked invalid and described by its message, and
everything typed kept, an over-long answer too."""

import re

import pytest

from reflections.models import ANSWER_MAX_LENGTH, Reflection

from .reflections import answers, rendered_seconds_ago, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]


def summary_of(page: str) -> str:
    """The error summary: the element that js/errors.js focuses when the page loads."""
    found = re.search(r"<div [^>]*data-error-summary[^>]*>(.*?)</ul>", page, re.S)
    assert found, "no error summary"
    opening = found.group(0).split(">", 1)[0]
    assert 'tabindex="-1"' in opening
    return found.group(1)


def links_of(summary: str) -> dict[str, str]:
    """{href: text} of the summary's links."""
    return {
        href: " ".join(text.split())
        for href, text in re.findall(r'<a [^>]*href="(#[^"]+)"[^>]*>(.*?)</a>', summary, re.S)
    }


def tag_of(page: str, element_id: str) -> str:
    found = re.search(rf'<(?:textarea|input|select|fieldset)\b[^>]*\bid="{element_id}"[^>]*>', page)
    assert found, element_id
    return found.group(0)


def described_by(page: str, element_id: str) -> list[str]:
    found = re.search(r'aria-describedby="([^"]+)"', tag_of(page, element_id))
    return found.group(1).split() if found else []


def test_a_refused_submit_lists_each_problem_as_a_link_to_its_field(post, lao, token):
    nothing = dict.fromkeys(Reflection.QUESTIONS, "")
    response = post(url(token), answers(**nothing, consent=None))
    assert response.status_code == 400
    page = response.content.decode()
    assert re.search(r"<title>Error: ", page)
    assert links_of(summary_of(page)) == {
        "#id_meaning": "Answer at least one of the four questions before you submit.",
        "#id_consent": (
            "To submit, tick the box to agree to publication. You can also save a draft."
        ),
    }
    assert 'src="/static/js/errors.js"' in page
    # The consent box is marked invalid and described by its message (and its rule).
    assert 'aria-invalid="true"' in tag_of(page, "id_consent")
    assert "id_consent_error" in described_by(page, "id_consent")
    message = re.search(r'id="id_consent_error"[^>]*>(.*?)</div>', page, re.S).group(1)
    assert "To submit, tick the box" in message
    assert not Reflection.objects.filter(participant=lao).exists()


def test_an_over_long_answer_is_refused_with_its_limit_and_kept_whole(post, lao, token):
    too_long = "Our working group " * 300  # 5,400 characters
    assert len(too_long.strip()) > ANSWER_MAX_LENGTH
    response = post(url(token), answers(results=too_long, draft="1"))
    assert response.status_code == 400
    page = response.content.decode()
    message = "This answer must be 5,000 characters or fewer; it has 5,399."
    assert message in links_of(summary_of(page))["#id_results"]
    textarea = tag_of(page, "id_results")
    assert 'aria-invalid="true"' in textarea
    assert described_by(page, "id_results") == ["id_results_helptext", "id_results_error"]
    assert message in re.search(r'id="id_results_error"[^>]*>(.*?)</div>', page, re.S).group(1)
    # Shown back in full: nothing cut, by the server or by a maxlength in the browser.
    assert too_long.strip() in page
    assert "maxlength" not in textarea
    # The other answers are fine, and kept too.
    assert "aria-invalid" not in tag_of(page, "id_meaning")
    assert "A network of peers I still call on." in page
    assert not Reflection.objects.filter(participant=lao).exists()


def test_an_answer_too_long_to_save_is_not_called_missing(post, token):
    nothing = dict.fromkeys(Reflection.QUESTIONS, "")
    page = post(url(token), answers(**{**nothing, "benefits": "x" * 5001})).content.decode()
    assert list(links_of(summary_of(page))) == ["#id_benefits"]
    assert "Answer at least one of the four questions" not in page


def test_newlines_count_as_one_character_as_the_page_counts_them(post, lao, token):
    # Browsers send a textarea's line breaks as CR LF; the page's count sees one character.
    text = ("x" * 99 + "\r\n") * 50  # 5,000 characters as typed, 5,050 as sent
    response = post(url(token), answers(meaning=text, draft="1"))
    assert response.status_code == 302
    assert Reflection.objects.get(participant=lao).meaning == text.replace("\r\n", "\n").strip()


def test_choice_fields_are_marked_and_linked_too(post, token):
    page = post(url(token), answers(attribution="forged", language="xx")).content.decode()
    links = links_of(summary_of(page))
    assert links["#id_attribution_0"].startswith("Select a valid choice.")
    assert links["#id_language"].startswith("Select a valid choice.")
    assert 'aria-invalid="true"' in tag_of(page, "id_language")
    assert "id_language_error" in described_by(page, "id_language")
    group = re.search(
        r'<fieldset aria-describedby="([^"]+)">\s*<legend[^>]*>\s*How should your reflection', page
    )
    assert "id_attribution_error" in group.group(1).split()


def test_problems_no_field_can_correct_are_listed_without_a_link(post, token):
    page = post(url(token), answers(rendered=rendered_seconds_ago(0))).content.decode()
    summary = summary_of(page)
    assert "That was very quick. Please check your text and send it again." in summary
    assert links_of(summary) == {}
    assert "A network of peers I still call on." in page


def test_the_form_says_its_rules_before_they_bite(client, token):
    page = client.get(url(token)).content.decode()
    assert "data-error-summary" not in page
    # The marker of a required field is explained once, at the top of the form.
    assert page.count("Fields marked * are required.") == 1
    assert page.index("Fields marked * are required.") < page.index("<form")
    assert page.count('<span class="asteriskField">*</span>') == 2  # language, attribution
    assert "To submit, answer at least one of the four questions" in page
    # The consent box says it is needed to submit, not to save a draft.
    assert "id_consent_helptext" in described_by(page, "id_consent")
    helptext = re.search(r'id="id_consent_helptext"[^>]*>(.*?)</div>', page, re.S).group(1)
    assert helptext.strip() == "Needed to submit your reflection, not to save a draft."
    # Each long answer shows its limit, and carries what the live count needs.
    for name in Reflection.QUESTIONS:
        textarea = tag_of(page, f"id_{name}")
        assert 'data-character-limit="5000"' in textarea
        assert 'data-count-left-other="You have %(count)s characters remaining"' in textarea
        assert 'data-count-over-one="You have %(count)s character too many"' in textarea
        helptext = re.search(rf'id="id_{name}_helptext"[^>]*>(.*?)</div>', page, re.S).group(1)
        assert helptext.strip().endswith("Up to 5,000 characters.")
    assert 'src="/static/js/character-count.js"' in page


def test_the_limit_is_written_as_the_pages_language_writes_numbers(client, lao, token):
    page = client.get(f"/fr{url(token)}").content.decode()
    helptext = re.search(r'id="id_meaning_helptext"[^>]*>(.*?)</div>', page, re.S).group(1)
    assert "5\u00a0000" in helptext or "5 000" in helptext


def test_a_refused_link_request_has_its_summary_and_keeps_the_address(post):
    response = post("/reflect/", {"email": "lao at example", "rendered": rendered_seconds_ago()})
    assert response.status_code == 400
    page = response.content.decode()
    assert re.search(r"<title>Error: ", page)
    assert links_of(summary_of(page)) == {"#id_email": "Enter a valid email address."}
    assert 'aria-invalid="true"' in tag_of(page, "id_email")
    assert described_by(page, "id_email") == ["id_email_helptext", "id_email_error"]
    assert 'value="lao at example"' in tag_of(page, "id_email")
    assert 'src="/static/js/errors.js"' in page
