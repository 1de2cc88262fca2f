"""Key-area registers (重点领域台账): the power list (权责清单), licensing, penalty and coercion decisions (双公示),
fees (收费目录) and budgets and final accounts (预决算), and the figures of the annual report's table 2."""
