"""Why a file was not read, in Chinese, for the site and the package's `failures.message`.

The readers and the parser raise English reasons (the command line prints them as they are);
the public site speaks Chinese. Each known reason is matched here once; an unknown one is
shown as UNKNOWN with the English kept beside it in `<code>` by the page, never hidden.
"""

from __future__ import annotations

import re

_REASONS: tuple[tuple[str, str], ...] = (
    (r"^hidden file$", "隐藏文件（名称以“.”开头），不作为报告读取"),
    (r"^not a supported report format \((?P<x>.*)\)$", "不是支持的报告格式（{x}）"),
    (r"^unsupported file type '(?P<x>.*?)'", "不是支持的报告格式（{x}）"),
    (r"^the text is empty$|^the file is empty$", "文件是空的"),
    (
        r"^read by OCR, no annual-report structure found",
        "图像识别读出的文字中未找到年度报告的结构",
    ),
    (r"^a scanned PDF in which OCR found no text", "扫描的 PDF 经图像识别没有读出文字"),
    (r"^no text found in the image", "图片经图像识别没有读出文字"),
    (r"^not a readable image", "无法读取的图片文件"),
    (
        r"^a Word 97/WPS/RTF/ODT file is read by converting it with LibreOffice",
        "旧版 Word（.doc）、WPS、RTF、ODT 文件要先用 LibreOffice 转换成 .docx 再读取，本机没有安装"
        "；安装命令：apt-get install -y libreoffice-writer-nogui",
    ),
    (
        r"^converting it to DOCX took longer than (?P<x>[\d.]+) s",
        "用 LibreOffice 转换成 .docx 超过每份文件的时限（{x} 秒），已停止",
    ),
    (r"^LibreOffice could not convert it", "LibreOffice 无法打开或转换此文件"),
    (
        r"^no annual-report structure found",
        "未找到年度报告的结构（既没有表式的栏目标题，也没有表二、三、四）",
    ),
    (r"^binary data, not", "文件是二进制数据，不是文本"),
    (
        r"^the bytes are neither|^the page is neither",
        "无法识别文字编码（不是 UTF-8、GB18030/GBK 或 Big5）",
    ),
    (
        r"byte-order mark but the bytes after it",
        "文件开头的字节顺序标记（BOM）与其后的内容编码不符",
    ),
    (r"^cannot be read", "无法读取文件"),
    (r"^a password-protected Word file|^a password-protected PDF", "文件有密码保护，请先去除密码"),
    (r"^not a Word \.docx file|^a corrupt Word", "不是有效的 Word（.docx）文件"),
    (r"^the Word document holds no text$", "Word 文档中没有文字"),
    (r"^not a readable HTML page", "无法读取的网页文件"),
    (r"^not a PDF file|^not a readable PDF", "不是有效的 PDF 文件"),
    (r"^the PDF holds no text$", "PDF 中没有文字"),
    (r"^internal parser error", "解析程序内部错误（请报告此问题）"),
    (r"^no result after (?P<x>[\d.]+) s", "解析超过每份文件的时限（{x} 秒），已停止"),
    (r"^the parser process died", "解析进程在读取此文件时意外终止"),
    (r"killed (?:the|its) worker|KilledWorker", "此文件反复使集群的工作进程终止，未能读取"),
    (
        r"^line (?P<x>\d+): names (?P<y>.*), which no report in the folder",
        "机关对照表（agencies.csv）第 {x} 行所指的“{y}”不是文件夹中任何报告的文件或机关名称",
    ),
    (
        r"^line (?P<x>\d+): agency_id '(?P<y>.*)' is not",
        "机关对照表（agencies.csv）第 {x} 行的机关编号“{y}”只能由小写字母、数字和连字符组成，该行未采用",
    ),
    (
        r"^line (?P<x>\d+): (?:gives neither an agency_id|names neither a file nor an agency)",
        "机关对照表（agencies.csv）第 {x} 行缺少内容（需要 file 或 name，以及 agency_id 或 region）",
    ),
    (r"no 'file' or 'name' column", "机关对照表（agencies.csv）无法使用：表头没有 file 或 name 列"),
    (
        r"^line (?P<x>\d+): names .*which is not a report file",
        "清单第 {x} 行所列文件不在报告文件夹中",
    ),
    (r"^line (?P<x>\d+):", "清单第 {x} 行有误"),
    (r"no 'file' column|the file is neither UTF-8 nor GB18030", "清单文件（manifest.csv）无法使用"),
)
_COMPILED = tuple((re.compile(pattern), text) for pattern, text in _REASONS)
UNKNOWN = "未能读取"


def failure_message(reason: str) -> str:
    """The Chinese sentence for an English failure reason; UNKNOWN when none matches."""
    for pattern, text in _COMPILED:
        match = pattern.search(reason)
        if match:
            return text.format(**match.groupdict())
    return UNKNOWN
