from api.conneg import negotiate

OFFERS = ["text/turtle", "application/ld+json", "text/html"]


def test_q_values_and_wildcards():
    assert negotiate("text/html;q=0.9, application/ld+json", OFFERS) == "application/ld+json"
    assert negotiate("*/*", OFFERS) == "text/turtle"
    assert negotiate("application/*;q=0.5, text/turtle;q=0", OFFERS) == "application/ld+json"


def test_no_header_takes_the_default_and_nothing_acceptable_is_none():
    assert negotiate(None, OFFERS) == "text/turtle"
    assert negotiate("", OFFERS, default="text/html") == "text/html"
    assert negotiate("image/png", OFFERS) is None
