"""The lineage picture on paper: the same nodes as on the page, readable on a landscape page."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import SimpleDocTemplate

from lotline.trace.pdfpicture import lineage_flowable
from lotline.trace.picture import layout
from lotline.trace.queries import recall

pytestmark = pytest.mark.django_db


def pdf_text(story: list) -> str:
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=landscape(A4)).build(story)
    return "\n".join(page.extract_text() for page in PdfReader(out).pages)


def test_a_recall_drawn_on_paper_names_every_node_the_page_draws(story):
    answer = recall(supplier="VALLEY", first=dt.date(2026, 3, 1), last=dt.date(2026, 3, 5))
    text = pdf_text([lineage_flowable(answer)])
    for node in layout(answer).nodes():
        assert node.label[:20] in text
    for column in layout(answer).columns:
        assert column.title in text


def test_a_wide_picture_is_scaled_to_the_frame_and_never_up(story):
    flowable = lineage_flowable(recall(supplier="VALLEY", first=dt.date(2026, 3, 1), last=dt.date(2026, 3, 5)))
    width, height = flowable.wrap(300, 1000)
    assert width == pytest.approx(300) and flowable.scale < 1
    assert height == pytest.approx(flowable.natural_h * flowable.scale)
    assert flowable.wrap(10_000, 10_000) == (flowable.natural_w, flowable.natural_h)
