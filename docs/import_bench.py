#!/usr/bin/env python3
"""Writes N history rows for `huiyin import` as a UTF-8 CSV, over the units of a demo database.
usage: gen_import.py DB N OUT.csv"""
import csv, random, sqlite3, sys

db, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
con = sqlite3.connect(db)
pairs = con.execute(
    "SELECT s.id, p.id FROM units s JOIN units p ON p.id = s.parent_id "
    "WHERE NOT EXISTS (SELECT 1 FROM units c WHERE c.parent_id = s.id)").fetchall()
rng = random.Random(16)
channels = ["来信", "来访", "网上信访", "来电", "letter", "online"]
cats = [("fees", "申诉求决类"), ("教育收费与退费", "申诉求决类"), ("admissions.enrolment", "申诉求决类"),
        ("admissions.zoning", "建议意见类")]
things = ["资料费", "校服费", "午餐费", "补课费", "择校费", "住宿费", "课后服务费"]
surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明"]
statuses = ["已办结", "已办结", "已办结", "", "已受理办理中"]
with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["编号", "登记日期", "信访渠道", "信访类型", "问题分类", "标题", "内容", "诉求",
                "被反映单位", "承办单位", "信访人", "电话", "地址", "人数", "状态"])
    for i in range(n):
        school, parent = rng.choice(pairs)
        cat, ptype = rng.choice(cats)
        thing = rng.choice(things)
        y, m, d = rng.choice([2021, 2022, 2023, 2024, 2025]), rng.randint(1, 12), rng.randint(1, 28)
        amount = rng.randint(50, 3000)
        content = (f"{y}年{m}月，学校向学生收取{thing}{amount}元，家长多次询问收费依据未获答复，"
                   f"第{i}号反映：学校未公示收费标准，部分家庭经济困难，希望教育行政部门核查。")
        w.writerow([f"HIS-{y}-{i:07d}", f"{y}-{m:02d}-{d:02d}", rng.choice(channels), ptype, cat,
                    f"反映学校违规收取{thing}", content, f"退还{thing}并公示收费依据",
                    school, parent, rng.choice(surnames) + rng.choice(given),
                    f"13{rng.randint(0, 9)}{rng.randint(0, 99999999):08d}", "某区某街道1号", 1,
                    rng.choice(statuses)])
