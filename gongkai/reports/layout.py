"""The national annual-report format (国办公开办函〔2021〕30号, spec §3): sections, rows and columns as data.

Every output (HTML, DOCX, PDF, JSON, CSV) and every check reads the layout from here.
"""

FORMAT_VERSION = "2021"

SECTIONS = [
    ("s1", "一、总体情况"),
    ("s2", "二、主动公开政府信息情况"),
    ("s3", "三、收到和处理政府信息公开申请情况"),
    ("s4", "四、政府信息公开行政复议、行政诉讼情况"),
    ("s5", "五、存在的主要问题及改进情况"),
    ("s6", "六、其他需要报告的事项"),
]

# Table 2: (block header, row code, row label, [(column code, column label)])
T2_ROWS = [
    ("第二十条第（一）项", "regulations", "规章", [("made", "本年制发件数"), ("repealed", "本年废止件数"), ("valid", "现行有效件数")]),
    ("第二十条第（一）项", "normative_documents", "行政规范性文件", [("made", "本年制发件数"), ("repealed", "本年废止件数"), ("valid", "现行有效件数")]),
    ("第二十条第（五）项", "licensing", "行政许可", [("decisions", "本年处理决定数量")]),
    ("第二十条第（六）项", "penalty", "行政处罚", [("decisions", "本年处理决定数量")]),
    ("第二十条第（六）项", "coercion", "行政强制", [("decisions", "本年处理决定数量")]),
    ("第二十条第（八）项", "fees", "行政事业性收费", [("amount_10k_yuan", "本年收费金额（单位：万元）")]),
]  # fmt: skip

T3_COLUMNS = [
    ("natural_person", "自然人"),
    ("legal_commercial", "商业企业"),
    ("legal_research", "科研机构"),
    ("legal_social_welfare", "社会公益组织"),
    ("legal_legal_services", "法律服务机构"),
    ("legal_other", "其他"),
    ("total", "总计"),
]
APPLICANT_COLUMNS = [code for code, _ in T3_COLUMNS if code != "total"]

# Table 3 rows: (code, label, group label or "", outcome code counted there or None)
T3_ROWS = [
    ("new_received", "一、本年新收政府信息公开申请数量", "", None),
    ("carried_over", "二、上年结转政府信息公开申请数量", "", None),
    ("granted", "（一）予以公开", "三、本年度办理结果", "granted"),
    ("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "三、本年度办理结果", "partial"),
    ("denied_state_secret", "1.属于国家秘密", "（三）不予公开", "denied_state_secret"),
    ("denied_law_prohibits", "2.其他法律行政法规禁止公开", "（三）不予公开", "denied_law_prohibits"),
    ("denied_security_stability", "3.危及“三安全一稳定”", "（三）不予公开", "denied_security_stability"),
    ("denied_third_party", "4.保护第三方合法权益", "（三）不予公开", "denied_third_party"),
    ("denied_internal_affairs", "5.属于三类内部事务信息", "（三）不予公开", "denied_internal_affairs"),
    ("denied_process_info", "6.属于四类过程性信息", "（三）不予公开", "denied_process_info"),
    ("denied_enforcement_file", "7.属于行政执法案卷", "（三）不予公开", "denied_enforcement_file"),
    ("denied_admin_query", "8.属于行政查询事项", "（三）不予公开", "denied_admin_query"),
    ("unable_not_held", "1.本机关不掌握相关政府信息", "（四）无法提供", "unable_not_held"),
    ("unable_needs_creation", "2.没有现成信息需要另行制作", "（四）无法提供", "unable_needs_creation"),
    ("unable_still_unclear", "3.补正后申请内容仍不明确", "（四）无法提供", "unable_still_unclear"),
    ("np_petition", "1.信访举报投诉类申请", "（五）不予处理", "np_petition"),
    ("np_duplicate", "2.重复申请", "（五）不予处理", "np_duplicate"),
    ("np_publication", "3.要求提供公开出版物", "（五）不予处理", "np_publication"),
    ("np_excessive", "4.无正当理由大量反复申请", "（五）不予处理", "np_excessive"),
    ("np_confirm_reissue", "5.要求行政机关确认或重新出具已获取信息", "（五）不予处理", "np_confirm_reissue"),
    ("other_overdue_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "（六）其他处理", "other_overdue_correction"),
    ("other_overdue_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "（六）其他处理", "other_overdue_fee"),
    ("other_misc", "3.其他", "（六）其他处理", "other_misc"),
    ("total_processed", "（七）总计", "三、本年度办理结果", None),
    ("carried_forward", "四、结转下年度继续办理", "", None),
]  # fmt: skip
OUTCOME_ROWS = [code for code, _, _, outcome in T3_ROWS if outcome]

T4_GROUPS = [
    ("review", "行政复议"),
    ("litigation_direct", "未经复议直接起诉"),
    ("litigation_after_review", "复议后起诉"),
]
T4_COLUMNS = [
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
]
