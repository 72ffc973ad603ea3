"""Program evaluation: a logic-model report (inputs, activities, outputs, outcomes) from the mentee's, the
mentor's and the institution's perspective, with equity of access, early warnings and program changes.
"""
