"""The statutory numbers of 依申请公开, each with its article (《政府信息公开条例》 2019; spec §1.1)."""

T_REPLY = 20  # Art. 33 ¶2: reply within 20 working days of receipt
T_EXTENSION_MAX = 20  # Art. 33 ¶2: extension of at most 20 working days, approved by the office's head
T_CORRECTION_NOTICE = 7  # Art. 30: ask for correction once, within 7 working days of receipt
T_CORRECTION_DEFAULT = 15  # [D] the "reasonable" correction period the notice gives, unless staff set one
T_CONSULTATION = 15  # Arts. 32, 34: a third party or co-producing organ answers within 15 working days
T_FEE_PAYMENT = 20  # FEE_MEASURES_2020: pay within 20 working days of receiving the fee notice
REMINDER_DAYS = (5, 3, 1)  # working days before the due date when staff are reminded
FIRST_YEAR = 2008  # the first Regulation (2007) took effect on 1 May 2008: no application is older
