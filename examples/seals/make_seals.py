#!/usr/bin/python3
"""make_seals.py: draws the seal (印章) and signature-stamp (签名章) images the examples use.

Not part of the build or the tests (the images are committed); kept so that anyone can see
how they were made and make more. Needs python3-pil (Debian) and the CJK fonts setup.sh
installs (Noto Serif CJK for the seal text, AR PL UKai for the signatures).

    /usr/bin/python3 examples/seals/make_seals.py [OUTDIR]

A seal: a red ring, a five-pointed star in the middle and the office's name along the upper
arc, as a round 公章 is cut. Written as PNG with an alpha channel (the paper shows through)
with the resolution in its pHYs chunk, so that gongwen sets it at its real size, or as JPEG
on white with a JFIF density; one PNG carries no resolution at all (gongwen then uses its
default seal size, 42 mm)."""
import math
import os
import sys

from PIL import Image, ImageDraw, ImageFont

RED = (230, 0, 18)
SERIF = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"
KAI = "/usr/share/fonts/truetype/arphic/ukai.ttc"
SS = 4  # supersampling


def star(draw, cx, cy, r_out, fill):
    pts = []
    for k in range(10):
        a = -math.pi / 2 + k * math.pi / 5
        r = r_out if k % 2 == 0 else r_out * 0.382
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    draw.polygon(pts, fill=fill)


def seal_coverage(name, mm, dpi, bottom=None):
    """Coverage (L image, 255 = ink) of a round seal mm across at dpi."""
    px = round(mm / 25.4 * dpi)
    n = px * SS
    img = Image.new("L", (n, n), 0)
    d = ImageDraw.Draw(img)
    c = n / 2
    ring = n * 0.030  # about 1.2 mm at 42 mm
    d.ellipse([ring * 0.2, ring * 0.2, n - ring * 0.2, n - ring * 0.2], fill=255)
    d.ellipse([ring * 1.2, ring * 1.2, n - ring * 1.2, n - ring * 1.2], fill=0)
    star(d, c, c, n * 0.17, 255)
    # the name along the upper arc, clockwise, each character upright towards the rim
    font = ImageFont.truetype(SERIF, int(n * 0.13), index=2)
    chars = list(name)
    span = math.radians(max(200, min(260, 26 * len(chars))))
    r_text = n / 2 - ring * 1.2 - n * 0.085
    for k, ch in enumerate(chars):
        a = -math.pi / 2 - span / 2 + span * (k + 0.5) / len(chars)
        box = Image.new("L", (int(n * 0.16), int(n * 0.16)), 0)
        ImageDraw.Draw(box).text((box.width / 2, box.height / 2), ch, fill=255, font=font, anchor="mm")
        box = box.resize((int(box.width * 0.8), box.height))  # seal characters are narrow
        rot = box.rotate(-math.degrees(a + math.pi / 2), resample=Image.BICUBIC, expand=True)
        x = c + r_text * math.cos(a) - rot.width / 2
        y = c + r_text * math.sin(a) - rot.height / 2
        img.paste(255, (int(x), int(y)), rot)
    if bottom:
        f2 = ImageFont.truetype(SERIF, int(n * 0.075), index=2)
        d.text((c, c + n * 0.30), bottom, fill=255, font=f2, anchor="mm")
    return img.resize((px, px), Image.LANCZOS)


def stamp_coverage(name, w_mm, h_mm, dpi):
    """A signature (签名章): the name written in a 楷体 hand, slanted, on w × h mm."""
    w, h = round(w_mm / 25.4 * dpi) * SS, round(h_mm / 25.4 * dpi) * SS
    img = Image.new("L", (w, h), 0)
    font = ImageFont.truetype(KAI, int(h * 0.8))
    ImageDraw.Draw(img).text((w / 2, h / 2), name, fill=255, font=font, anchor="mm")
    img = img.transform(img.size, Image.AFFINE, (1, 0.25, -h * 0.12, 0, 1, 0), resample=Image.BICUBIC)
    return img.resize((w // SS, h // SS), Image.LANCZOS)


def save_png(cov, path, dpi=None):
    rgba = Image.new("RGBA", cov.size, RED + (0,))
    rgba.putalpha(cov)
    kw = {"optimize": True}
    if dpi:
        kw["dpi"] = (dpi, dpi)
    rgba.save(path, **kw)


def save_jpeg(cov, path, dpi):
    white = Image.new("RGB", cov.size, (255, 255, 255))
    white.paste(Image.new("RGB", cov.size, RED), (0, 0), cov)
    white.save(path, quality=80, dpi=(dpi, dpi), optimize=True)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    os.makedirs(out, exist_ok=True)
    kjj = seal_coverage("泉州市科学技术局", 42, 300)
    save_png(kjj, os.path.join(out, "kjj.png"), 300)
    save_jpeg(kjj, os.path.join(out, "kjj.jpg"), 300)
    save_png(seal_coverage("泉州市财政局", 42, 200), os.path.join(out, "czj.png"), 200)
    save_jpeg(seal_coverage("泉州市工业和信息化局", 42, 200), os.path.join(out, "gxj.jpg"), 200)
    save_png(seal_coverage("泉州市发展和改革委员会", 42, 150), os.path.join(out, "fgw.png"))  # no pHYs
    save_png(seal_coverage("泉州市人民政府", 45, 240), os.path.join(out, "szf.png"), 240)
    save_png(stamp_coverage("林志强", 36, 14, 300), os.path.join(out, "sign-lin.png"), 300)
    save_png(stamp_coverage("陈海明", 36, 14, 300), os.path.join(out, "sign-chen.png"), 300)


if __name__ == "__main__":
    main()
