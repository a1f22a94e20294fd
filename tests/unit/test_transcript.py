from __future__ import annotations

import hashlib

import pytest

from suffrage.crypto import Element, Scalar
from suffrage.crypto.transcript import TRANSCRIPT_DOMAIN, Transcript


def _lp(b: bytes) -> bytes:
    return len(b).to_bytes(8, "big") + b


def test_challenge_is_sha512_of_tagged_length_prefixed_stream() -> None:
    t = Transcript("demo")
    t.append_message("m", b"hello")
    t.append_element("e", Element.generator())
    t.append_scalar("s", Scalar.from_int(7))
    t.append_int("n", 258)
    got = t.challenge_scalar("c")
    stream = (
        _lp(TRANSCRIPT_DOMAIN)
        + _lp(b"demo")
        + b"\x01" + _lp(b"m") + _lp(b"hello")
        + b"\x02" + _lp(b"e") + _lp(Element.generator().to_bytes())
        + b"\x03" + _lp(b"s") + _lp(Scalar.from_int(7).to_bytes())
        + b"\x04" + _lp(b"n") + _lp((258).to_bytes(8, "big"))
        + b"\x05" + _lp(b"c")
    )  # fmt: skip
    assert got == Scalar.from_wide_bytes(hashlib.sha512(stream).digest())


def test_successive_challenges_differ_and_chain() -> None:
    t = Transcript("demo")
    c1 = t.challenge_scalar("c")
    c2 = t.challenge_scalar("c")
    assert c1 != c2


def test_copy_is_independent() -> None:
    t = Transcript("demo")
    t.append_message("a", b"1")
    u = t.copy()
    u.append_message("b", b"2")
    assert t.copy().challenge_scalar("c") != u.challenge_scalar("c")
    t.append_message("b", b"2")
    v = Transcript("demo")
    v.append_message("a", b"1")
    v.append_message("b", b"2")
    assert t.challenge_scalar("c") == v.challenge_scalar("c")


def test_length_prefix_prevents_boundary_shifts() -> None:
    t1, t2 = Transcript("p"), Transcript("p")
    t1.append_message("ab", b"c")
    t2.append_message("a", b"bc")
    assert t1.challenge_scalar("x") != t2.challenge_scalar("x")


def test_kind_tags_separate_element_and_message() -> None:
    g = Element.generator()
    t1, t2 = Transcript("p"), Transcript("p")
    t1.append_element("x", g)
    t2.append_message("x", g.to_bytes())
    assert t1.challenge_scalar("c") != t2.challenge_scalar("c")


def test_protocol_label_separates() -> None:
    assert Transcript("a").challenge_scalar("c") != Transcript("b").challenge_scalar("c")


def test_append_elements_equals_individual_appends() -> None:
    g = Element.generator()
    h = Element.base_times(Scalar.from_int(5))
    t1, t2 = Transcript("p"), Transcript("p")
    t1.append_elements((("g", g), ("h", h)))
    t2.append_element("g", g)
    t2.append_element("h", h)
    assert t1.challenge_scalar("c") == t2.challenge_scalar("c")


@pytest.mark.parametrize("bad", [-1, 2**64])
def test_append_int_range(bad: int) -> None:
    with pytest.raises(ValueError, match="2\\*\\*64"):
        Transcript("p").append_int("n", bad)


def test_pre_framed_encodings_equal_append_element() -> None:
    from suffrage.crypto.transcript import element_header

    g = Element.generator()
    h = Element.base_times(Scalar.from_int(9))
    t1, t2 = Transcript("p"), Transcript("p")
    t1.append_element_encodings(
        [element_header("g"), g.to_bytes(), element_header("h"), h.to_bytes()]
    )
    t2.append_element("g", g)
    t2.append_element("h", h)
    assert t1.challenge_scalar("c") == t2.challenge_scalar("c")


def test_resume_from_framed_start_equals_fresh_transcript() -> None:
    from suffrage.crypto.transcript import initial_stream, message_item

    t1 = Transcript.resume(initial_stream("p") + message_item("m", b"data"))
    t2 = Transcript("p")
    t2.append_message("m", b"data")
    assert t1.challenge_scalar("c") == t2.challenge_scalar("c")
