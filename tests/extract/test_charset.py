"""Decoding as the WHATWG HTML standard says, and mislabelled pages."""

import codecs

from crawler.extract import extract_article
from crawler.extract.charset import choose_encoding, decode_page
from tests.extract.pages import FETCHED, URL, article_page

GERMAN = "Die Bürgerinnen und Bürger äußerten große Bedenken gegenüber der Straßenführung. " * 8


def test_bom_wins_over_everything() -> None:
    data = codecs.BOM_UTF8 + "<meta charset='windows-1252'>café".encode()
    assert decode_page(data, {"Content-Type": "text/html; charset=iso-8859-1"}).endswith("café")


def test_utf16_bom() -> None:
    assert decode_page(codecs.BOM_UTF16_LE + "<p>naïve</p>".encode("utf-16-le")) == "<p>naïve</p>"


def test_header_then_meta() -> None:
    data = f"<meta charset='utf-8'><p>{GERMAN}</p>".encode("cp1252")
    assert choose_encoding(data, {"content-type": "text/html; charset=windows-1252"})[0] == "cp1252"
    assert "Bürger" in decode_page(f"<meta charset='windows-1252'><p>{GERMAN}</p>".encode("cp1252"))


def test_latin1_label_means_windows_1252() -> None:
    assert decode_page("<meta charset=iso-8859-1><p>“quoted”</p>".encode("cp1252")).endswith("“quoted”</p>")


def test_meta_http_equiv() -> None:
    data = f'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-15"><p>{GERMAN}€</p>'.encode("iso-8859-15")
    assert decode_page(data).endswith("€</p>")


def test_utf8_page_labelled_latin1_is_read_as_utf8() -> None:
    data = f"<p>{GERMAN}</p>".encode()
    assert "Bürgerinnen" in decode_page(data, {"Content-Type": "text/html; charset=ISO-8859-1"})


def test_legacy_page_labelled_utf8_is_sniffed() -> None:
    data = f"<meta charset=utf-8><p>{GERMAN}</p>".encode("cp1252")
    assert "Bürgerinnen" in decode_page(data)


def test_undeclared_legacy_page_is_sniffed() -> None:
    text = "Городской совет утвердил план реконструкции набережной после долгих обсуждений. " * 10
    assert "Городской" in decode_page(f"<p>{text}</p>".encode("cp1251"))


def test_extract_mislabelled_page_keeps_text() -> None:
    page = article_page(title="Bürger gegen Straßenplan").replace("<p>Paragraph 0", f"<p>{GERMAN}</p><p>Paragraph 0")
    record = extract_article(page.encode(), URL, FETCHED, {"Content-Type": "text/html; charset=iso-8859-1"})
    assert "Bürgerinnen" in record["text"]
    assert record["title"] == "Bürger gegen Straßenplan"
