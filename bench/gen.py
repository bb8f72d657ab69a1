#!/usr/bin/env python3
"""bench/gen.py: writes the documents bench/scale.py measures.

  gen.py pages N OUT       a 通知 of about N pages: the sample's body paragraphs repeated under
                           numbered headings, with a 附件说明, 署名, date and 版记
  gen.py marks N OUT       one paragraph: a character followed by N combining marks (U+0301)
  gen.py nostart N OUT     one paragraph of N characters that may not start a line (、)
  gen.py latin N OUT       one paragraph: an unbreakable run of N Latin letters
  gen.py paragraph MB OUT  one paragraph of MB megabytes of Chinese text (no line breaks)
  gen.py lines N OUT       N short lines, each its own paragraph
"""
import sys

BODY = [
    "为深入贯彻落实党中央、国务院关于科技创新的决策部署，进一步激发全社会创新活力，推动我市经济社会高质量发展，"
    "经研究，决定在全市范围内组织开展2021年度科技活动周系列活动。现将有关事项通知如下。",
    "各地各部门要充分认识开展科技活动周的重要意义，切实加强组织领导，明确责任分工，细化工作措施，"
    "确保各项活动有序开展、取得实效。要坚持以人民为中心的发展思想，围绕群众关心关注的热点问题，"
    "组织开展形式多样、内容丰富的科普活动，切实提高公众科学素质。",
    "要充分利用报纸、广播、电视、网络等各类媒体，广泛宣传科技活动周的重要意义和主要内容，"
    "及时报道各地各部门开展活动的好经验好做法，营造全社会关心科技、支持创新的浓厚氛围。",
    "各单位要严格落实疫情防控各项要求，科学制定活动方案和应急预案，加强安全管理，"
    "确保活动安全有序。活动结束后，请于2021年6月30日前将活动总结报送市科技局科技成果与合作交流科。",
]
NUM = "一二三四五六七八九十"


def cn(n):
    if n <= 10:
        return NUM[n - 1]
    if n < 20:
        return "十" + (NUM[n - 11] if n > 10 else "")
    t, u = divmod(n, 10)
    return NUM[t - 1] + "十" + (NUM[u - 1] if u else "")


def pages(n):
    out = ["泉州市科学技术局文件", "", "泉科〔2021〕58号", "",
           "## 泉州市科学技术局关于组织开展2021年度科技活动周系列活动的通知", "",
           "各县（市、区）科技局，泉州开发区、泉州台商投资区科技局，局机关各科室：", ""]
    # about 5.2 paragraphs of ~100 characters fill a page of 22 × 28
    paras = max(1, int(n * 5.2))
    h = 0
    for i in range(paras):
        if i % 6 == 0:
            h += 1
            out += [f"{cn((h - 1) % 99 + 1)}、关于第{h}项工作的要求", ""]
        out += [BODY[i % len(BODY)], ""]
    out += ["附件：1. 2021年度科技活动周活动安排表", "      2. 科技活动周活动总结模板", "",
            "泉州市科学技术局", "2021年5月20日", "", "（此件主动公开）", "", "---",
            "抄送：省科技厅，市委宣传部，市科协。", "泉州市科学技术局办公室            2021年5月20日印发", ""]
    return "\n".join(out)


def main():
    kind, n, path = sys.argv[1], sys.argv[2], sys.argv[3]
    head = "## 关于开展测试工作的通知\n\n"
    if kind == "pages":
        text = pages(int(n))
    elif kind == "marks":
        text = head + "测" + "\u0301" * int(n) + "试。\n"
    elif kind == "nostart":
        text = head + "测试" + "、" * int(n) + "\n"
    elif kind == "latin":
        text = head + "测试" + "a" * int(n) + "。\n"
    elif kind == "paragraph":
        unit = "".join(BODY)
        reps = int(float(n) * 1024 * 1024 / len(unit.encode())) + 1
        text = head + unit * reps + "\n"
    elif kind == "lines":
        text = head + "".join(f"第{i}行文字内容。\n\n" for i in range(int(n)))
    else:
        sys.exit(__doc__)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
