"""Random inspections (双随机、一公开): inspection matters, the directories of inspected entities and of inspectors,
plans, a draw anyone can verify, and the results."""
