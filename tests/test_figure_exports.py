"""Figures for journals: PDF, EPS and TIFF read back by pypdf and PIL, fonts embedded,
the same bytes from two processes, a width in mm or inches, the title left out on request,
and a Figure that shows itself in a notebook."""

import io

import pytest

from conftest import assert_refused, run_roto

pytest.importorskip("matplotlib")


def test_pdf_embeds_truetype_has_no_date_and_is_deterministic(tmp_path, roto_runner):
    pypdf = pytest.importorskip("pypdf")
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    def argv(out):
        return ["plot", "dimensions", "-o", str(out), "--width", "180mm"]
    for result in (run_roto(*argv(a)), roto_runner.run(argv(b), tmp_path)):  # a fresh process, and the module's child
        assert result.returncode == 0, result.stderr
    assert a.read_bytes() == b.read_bytes()
    reader = pypdf.PdfReader(str(a))
    assert "/CreationDate" not in (reader.metadata or {}) and "/ModDate" not in (reader.metadata or {})
    [page] = reader.pages
    assert float(page.mediabox.width) == pytest.approx(180 / 25.4 * 72, abs=0.5)
    fonts = list(page["/Resources"]["/Font"].values())
    assert fonts
    for font in fonts:
        descendant = font.get_object()["/DescendantFonts"][0].get_object()
        assert descendant["/Subtype"] == "/CIDFontType2" and "/FontFile2" in descendant["/FontDescriptor"]
    text = page.extract_text()
    assert "Reciprocity and expertise" in text and "Peer support workers" in text


def test_no_title_leaves_the_title_out_and_keeps_the_rest(tmp_path, roto_runner):
    pypdf = pytest.importorskip("pypdf")
    out = tmp_path / "t.pdf"
    assert roto_runner.run(["plot", "resources", "-o", str(out), "--no-title"], tmp_path).returncode == 0
    text = pypdf.PdfReader(str(out)).pages[0].extract_text()
    assert "Table 1 of the review" not in text and "Befriending" in text


def test_eps_is_type_42_without_a_date_and_tiff_is_300_dpi(tmp_path, roto_runner):
    from PIL import Image

    eps, tif = tmp_path / "n.eps", tmp_path / "n.tif"
    for out in (eps, tif):
        result = roto_runner.run(["plot", "network", "-o", str(out)], tmp_path)
        assert result.returncode == 0 and result.stderr == "", result.stderr
    head = eps.read_bytes()
    assert head.startswith(b"%!PS-Adobe-3.0 EPSF-3.0") and b"/FontType 42 def" in head and b"%%CreationDate" not in head
    image = Image.open(tif)
    assert image.format == "TIFF" and image.info["dpi"] == pytest.approx((300, 300))
    assert image.size[0] == pytest.approx(7.0 * 300, abs=2)


def test_width_is_read_in_mm_cm_and_inches_and_refused_when_text_would_be_too_small(tmp_path, roto_runner):
    from roto.figures import parse_width

    assert parse_width("3.5in") == 3.5 and parse_width("254mm") == pytest.approx(10) and parse_width("2.54cm") == 1
    assert_refused(roto_runner.run(["plot", "dimensions", "-o", str(tmp_path / "d.svg"), "--width", "3 furlongs"], tmp_path),
                   "--width", "85mm")
    small = roto_runner.run(["plot", "dimensions", "-o", str(tmp_path / "d.svg"), "--width", "85mm"], tmp_path)
    assert_refused(small, "5 pt", "at least 127mm")
    assert not (tmp_path / "d.svg").exists()


def test_kg_plot_without_a_path_returns_a_figure_a_notebook_shows():
    from matplotlib.figure import Figure
    from PIL import Image

    import roto

    figure = roto.open().plot("dimensions", width="150mm", title=False)
    assert isinstance(figure, Figure)
    assert figure.get_figwidth() == pytest.approx(150 / 25.4)
    assert not [t for t in figure.axes[0].texts if t.get_gid() == "title"]
    png = Image.open(io.BytesIO(figure._repr_png_()))  # what IPython's display calls
    assert png.format == "PNG" and png.size[0] == pytest.approx(150 / 25.4 * 150, abs=2)
