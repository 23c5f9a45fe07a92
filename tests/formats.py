"""A report as users have it, made from one plain text: a GBK web page with the site's navigation and footer, a
UTF-16 text, a UTF-8 text with a byte-order mark, a news site's page. The pages' frames are our own invention, shaped
like a county government's site and a local news site."""

from __future__ import annotations

import html

NAVIGATION = ["首页", "政务公开", "政策文件", "互动交流", "办事服务", "走进晋江"]
FOOTER = ["主办单位：晋江市人民政府办公室　版权所有", "网站标识码：3505820000　闽ICP备00000000号",
          "网站地图 | 联系我们 | 使用帮助"]


def gbk_page(text: str, declared: str = "gb2312") -> bytes:
    """The report as an article of a government site's page, encoded in GBK (labelled `declared`, as such
    sites often label GBK pages GB2312)."""
    paragraphs = "\n".join(f"<p>{html.escape(line.strip())}</p>" for line in text.splitlines() if line.strip())
    nav = "".join(f'<li><a href="/{i}">{name}</a></li>' for i, name in enumerate(NAVIGATION))
    footer = "".join(f"<p>{line}</p>" for line in FOOTER)
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta http-equiv="Content-Type" content="text/html; charset={declared}">
<title>晋江市2026年政府工作报告_政府工作报告_晋江市人民政府</title></head>
<body>
<div class="top"><div class="nav"><ul>{nav}</ul></div>
<form class="search"><input name="q" placeholder="请输入关键字"><button>搜索</button></form></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; <a href="/zfgzbg">政府工作报告</a></div>
<div class="main"><div class="article">
<h1 class="title">晋江市2026年政府工作报告</h1>
<div class="meta">发布时间：2026-01-12　来源：晋江市人民政府办公室　浏览次数：<span>1024</span></div>
<div class="TRS_Editor">
{paragraphs}
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
<div class="print"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
<div class="related"><h3>相关链接</h3><ul><li><a href="/a">2025年政府工作报告</a></li><li><a href="/b">2024年政府工作报告</a></li></ul></div>
</div>
<div class="footer">{footer}</div>
</body></html>
"""
    return page.encode("gbk")


def utf16(text: str) -> bytes:
    """UTF-16 with its byte-order mark, as Windows Notepad saves 'Unicode'."""
    return text.encode("utf-16")


def utf8_bom(text: str) -> bytes:
    return text.encode("utf-8-sig")


def news_page(text: str, article: str = "article") -> str:
    """The text as a news site saves an article: one <p> per paragraph (paragraphs are separated by blank lines in
    the text), its lines joined by <br>, a line's leading spaces kept as &nbsp; (as web editors keep an indentation),
    inside a page with a header and navigation, a breadcrumb, a share bar and a footer of links and a copyright line.
    `article` is the element that holds it: "article" or a <div class="article">."""
    body = "\n".join("<p>" + "<br>".join(_indented(line) for line in block) + "</p>" for block in _paragraphs(text))
    nav = "".join(f'<li><a href="/{i}/">{name}</a></li>' for i, name in enumerate(NAVIGATION))
    links = " | ".join(f'<a href="/about/{i}">{name}</a>' for i, name in enumerate(FOOTER[2].split(" | ")))
    opening, closing = ("<article>", "</article>") if article == "article" else ('<div class="article">', "</div>")
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>政府工作报告解读_晋江新闻网</title></head>
<body>
<header><div class="logo"><a href="/">晋江新闻网</a></div><nav><ul>{nav}</ul></nav></header>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/news/">晋江新闻</a> &gt; <a href="/news/lh/">两会专题</a></div>
<main>{opening}
{body}
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
{closing}</main>
<footer><p>{links}</p><p>{FOOTER[0]}</p><p>{FOOTER[1]}</p></footer>
</body></html>
"""


def _paragraphs(text: str) -> list[list[str]]:
    """The text's paragraphs (runs of non-blank lines), each a list of its lines."""
    out: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.strip():
            out[-1].append(line.rstrip())
        elif out[-1]:
            out.append([])
    return [block for block in out if block]


def _indented(line: str) -> str:
    rest = line.lstrip(" \u3000")
    return "&nbsp;" * (len(line) - len(rest)) + html.escape(rest)
