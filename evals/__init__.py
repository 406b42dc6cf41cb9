"""The evaluation suite: an engine over cases, scored by the rules and soft measures, with reports."""
