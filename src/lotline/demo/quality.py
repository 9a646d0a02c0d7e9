"""The demo's lab work (issue 15): a couple of specs, two samples tested (all in spec, so the demo
holds nothing it did not hold before) with the lab's certificate, and one sample still at the lab."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from lotline.quality.services import ResultLine, SpecLine, draw_sample, record_results, set_specs

from .story import CODES

LAB = "Valley Labs"
LISTERIA = "Listeria monocytogenes"
D = Decimal
day = dt.date


def certificate(title: str) -> bytes:
    """A one-page PDF standing in for the lab's certificate of analysis."""
    text = f"BT /F1 14 Tf 72 720 Td ({title}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def add_lab_work(actor: str = "maria") -> None:
    set_specs("SJ", [SpecLine("pH", "at_most", D("4.6"), "pH"), SpecLine("water activity", "at_most", D("0.85"), "aw")],
              actor=actor)
    set_specs("STRAW", [SpecLine(LISTERIA, "expected", expected="not detected", per="25 g")], actor=actor)
    berries = draw_sample(lot=CODES["valley_0302"], lab=LAB, drawn_on=day(2026, 3, 2), drawn_at="receiving",
                          actor=actor)
    record_results(lab=LAB, sample=berries.code, coa=certificate(f"Certificate of analysis {berries.code}"),
                   coa_name=f"VL-{berries.code}.pdf", actor=actor, results=[
                       ResultLine(LISTERIA, "AOAC 2016.07", text="not detected", unit="/25 g", limit="ND in 25 g",
                                  tested_on=day(2026, 3, 4))])
    jam = draw_sample(lot=CODES["jam_0304"], lab=LAB, drawn_on=day(2026, 3, 4), drawn_at="filler", actor=actor)
    record_results(lab=LAB, sample=jam.code, coa=certificate(f"Certificate of analysis {jam.code}"),
                   coa_name=f"VL-{jam.code}.pdf", actor=actor, results=[
                       ResultLine("pH", "AOAC 981.12", value=D("3.4"), unit="pH", limit="<= 4.6",
                                  tested_on=day(2026, 3, 5)),
                       ResultLine("water activity", "AOAC 978.18", value=D("0.82"), unit="aw", limit="<= 0.85",
                                  tested_on=day(2026, 3, 5))])
    draw_sample(lot=CODES["jam_0310"], lab=LAB, drawn_on=day(2026, 3, 10), drawn_at="filler", actor=actor)
