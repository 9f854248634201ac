#!/usr/bin/env python3
"""The project's own corpus: deterministic social-media drafts, Arabic and English.

Usage:
  make_posts.py N --jsonl out.jsonl        # one JSON object per line: {"id", "lang", "text"}
  make_posts.py N --dir out/               # one .txt file per post
  make_posts.py N --text out.txt           # all posts in one file, blank line between posts

The same N and --seed always give the same bytes (the generator uses nothing but
``random.Random(seed)``). Posts read like what a government or company account
drafts: an opening, one or two sentences of news or service information, a
closing with a link, a phone number or a call to action, and sometimes emoji
and hashtags. They mix registers on purpose (very formal MSA, Saudi/Gulf
dialect, casual English), and carry what the sample personas look for: preferred
and avoided terms, phrases that contradict "fully digital", retired and current
phone numbers and links, handles, counts, dates and percentages, so that every
check has something to find and something to leave alone.
"""

from __future__ import annotations

import argparse
import json
import os
import random

AR_OPEN = [
    "يسر وزارة العدل أن تعلن", "تنويه:", "بشرى سارة:", "تذكير:", "أعزاءنا المستفيدين،", "يا هلا والله!",
    "ضمن مسيرة التحول الرقمي،", "وش رايكم؟", "اليوم،", "عاجل:", "نحيطكم علمًا بأن", "حياكم الله!",
    "إلحاقًا لما سبق إعلانه،", "هلا والله بالجميع!",
]
AR_BODY = [
    "بإمكان العملاء الآن حجز المواعيد إلكترونيًا عبر البوابة",
    "تتيح الخدمة الجديدة للمستفيدين تجديد التراخيص خلال دقائق",
    "يرجى طباعة النموذج وتسليمه إلى الإدارة المختصة",
    "نضمن لكم الرد على الطلبات خلال ٢٤ ساعة",
    "فعاليات الموسم مره حلوة ولا تفوتكم",
    "أصبحت خدمة إصدار الوكالات متاحة على مدار الساعة",
    "ابغى أقولكم إن التسجيل صار أسهل من قبل",
    "يمكن للزوار استكشاف المعرض التراثي مجانًا حتى نهاية الأسبوع",
    "تدخل اللائحة الجديدة حيز التنفيذ في ١ محرم ١٤٤٧هـ",
    "استقبلت المحاكم أكثر من ٣٤٠٠٠ طلب خلال الربع الأول",
    "ارتفعت نسبة رضا المستفيدين إلى ٨٥٪ هذا العام",
    "تبدأ الدراسة للفصل الثاني يوم الأحد المقبل",
    "يسعدنا استقبال الزبائن في فروعنا من الساعة ٨ صباحًا",
    "ليش تنتظر؟ قدم طلبك الحين من جوالك",
    "تم إطلاق منصة جديدة لخدمة الأسر في جميع مناطق المملكة",
    "بإمكانكم متابعة حالة الطلب دون الحاجة إلى زيارة الفرع",
]
AR_CLOSE = [
    "للمزيد: https://www.moj.gov.sa", "للاستفسار اتصل على 920000000", "لا تفوتكم!!", "شكرًا لكم.",
    "للتواصل: ١٩٥٠", "تابعونا على @MojKsa", "التفاصيل: https://bit.ly/3xYzAbc", "سجلوا الآن عبر najiz.sa/applications",
    "للاستفسارات يرجى الاتصال على الرقم الموحد 1950", "", "",
]
EN_OPEN = [
    "Hey folks!", "Good news:", "Dear citizens,", "Heads up!", "We are pleased to announce that",
    "Attention:", "Guess what?", "Today,", "As part of our digital transformation,", "Reminder:",
    "Kindly note that", "Hi everyone,",
]
EN_BODY = [
    "customers can now book appointments online",
    "our new e-service lets clients renew licences in minutes",
    "you're gonna love the new festival line-up",
    "the court filing portal is now available around the clock",
    "please print the form and deliver it to our office",
    "we guarantee a response within 24 hours",
    "beneficiaries can track their requests through the app",
    "tickets for the winter season are selling fast",
    "the new regulation takes effect on 1 July 2025",
    "visitors can explore the heritage exhibition for free",
    "it's super easy to submit your request",
    "applications are reviewed within three working days",
    "more than 34,000 requests were completed in the first quarter",
    "satisfaction rose to 85% this year",
    "I am delighted to open the new service centre",
    "there is no need to visit our office any more",
]
EN_CLOSE = [
    "Check it out at https://portal.example.gov.sa", "Call 920000000 for details.",
    "Learn more: https://www.moj.gov.sa/services", "Don't miss it!!", "Thank you.",
    "Visit https://bit.ly/3xYzAbc now!", "For enquiries, contact 1950.", "Follow @MojKsa for updates.", "", "",
]
EMOJI = ["", "", "", "", " 🎉", " 😀", " 👍", " 🚀🔥", " ✅"]
TAGS = ["", "", "", " #Saudi", " #Vision2030 #Saudi #Riyadh", " #العدل", " #رؤية_2030", " #موسم_الرياض #السعودية #فعاليات"]


def post(rng: random.Random, i: int) -> dict[str, str]:
    """The ``i``-th post: an opening, a body (sometimes two), a closing, emoji and tags."""
    if rng.random() < 0.5:
        lang, opening, bodies, closing, stop = "ar", AR_OPEN, AR_BODY, AR_CLOSE, "."
    else:
        lang, opening, bodies, closing, stop = "en", EN_OPEN, EN_BODY, EN_CLOSE, "."
    body = rng.choice(bodies)
    if rng.random() < 0.25:
        body += stop + " " + rng.choice(bodies)
    parts = [rng.choice(opening), body + stop + rng.choice(EMOJI), rng.choice(closing)]
    text = " ".join(p for p in parts if p) + rng.choice(TAGS)
    return {"id": f"p{i:07d}", "lang": lang, "text": text}


def posts(n: int, seed: int = 82) -> list[dict[str, str]]:
    """``n`` posts, the same for the same ``n`` and ``seed``."""
    rng = random.Random(seed)
    return [post(rng, i) for i in range(n)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=82)
    out = ap.add_mutually_exclusive_group(required=True)
    out.add_argument("--jsonl")
    out.add_argument("--dir")
    out.add_argument("--text")
    a = ap.parse_args()
    made = posts(a.n, a.seed)
    if a.jsonl:
        with open(a.jsonl, "w", encoding="utf-8", newline="\n") as f:
            f.writelines(json.dumps(p, ensure_ascii=False) + "\n" for p in made)
    elif a.dir:
        os.makedirs(a.dir, exist_ok=True)
        for p in made:
            with open(os.path.join(a.dir, p["id"] + ".txt"), "w", encoding="utf-8", newline="\n") as f:
                f.write(p["text"] + "\n")
    else:
        with open(a.text, "w", encoding="utf-8", newline="\n") as f:
            f.write("\n\n".join(p["text"] for p in made) + "\n")


if __name__ == "__main__":
    main()
