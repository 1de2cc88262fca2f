"""What every public write endpoint shares: the challenge it hands out and the proof a request brings."""

from __future__ import annotations

from ninja import Field, Schema

from . import antiabuse


class AltchaChallengeOut(Schema):
    algorithm: str
    challenge: str
    maxnumber: int
    salt: str
    signature: str


class ChallengeOut(Schema):
    question: str = Field(..., description="验证问题（无法运行脚本时作答，答案只保存在服务器上）")
    token: str = Field(..., description="验证问题的编号，与 answer 一起提交；只能使用一次")
    altcha: AltchaChallengeOut = Field(
        ..., description="ALTCHA 工作量证明：求出 number 后把 base64 载荷作为 altcha 提交；只能使用一次"
    )


class ProofIn(Schema):
    """Either ``altcha`` (the base64 ALTCHA payload) or ``token`` with ``answer``."""

    altcha: str | None = Field(None, max_length=4000, description="ALTCHA 工作量证明的 base64 载荷")
    token: str | None = Field(None, max_length=64, description="验证问题的编号")
    answer: str | None = Field(None, max_length=4, description="验证问题的答案")

    def proof(self) -> antiabuse.Proof:
        return antiabuse.Proof.from_data({"altcha": self.altcha, "token": self.token, "answer": self.answer})
