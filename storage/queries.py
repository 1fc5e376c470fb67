"""The register's heavy questions as plain SQL.

Plain SQL, not ORM queries, so the benchmark can run exactly the same statements on a plain
SQLite copy of a journal and compare. Parameters are named; dates are ISO text, as SQLAlchemy
stores them in SQLite.

Each register query names the codes it wants (`m.code IN (SELECT ...)`) so SQLite can walk the
index that starts with the code instead of every mark of the period, "present" rows included.

The day rule (DOMAIN: make it explicit) is applied in Python (storage.day_rule), with each
class's lesson plan: the queries hand over each pupil-day's marks summed, never a verdict.
"""

from __future__ import annotations

ABSENT_ON_DAY = """
SELECT m.pupil_id, p.first_name, p.last_name,
       MAX(m.lesson IS NULL) AS whole_day,
       COUNT(*) AS marks,
       MAX(c.category = 'invalid') AS any_invalid,
       MAX(m.source = 'guardian_notice') AS reported_in_advance
FROM absence_mark AS m
JOIN absence_code AS c ON c.code = m.code
JOIN pupil AS p ON p.id = m.pupil_id
WHERE m.code IN (SELECT code FROM absence_code WHERE counts_as_absence = 1)
  AND m.on_date = :day
GROUP BY m.pupil_id
ORDER BY p.last_name, p.first_name
"""

INVALID_EVERY_DAY = """
SELECT m.pupil_id, COUNT(DISTINCT m.on_date) AS days
FROM absence_mark AS m
WHERE m.code IN (SELECT code FROM absence_code WHERE category = 'invalid')
  AND m.on_date BETWEEN :start AND :end AND m.lesson IS NULL
GROUP BY m.pupil_id
HAVING COUNT(DISTINCT m.on_date) >= :days
"""

OPEN_CASES_WITH_DUE_STEPS = """
SELECT k.id, k.pupil_id, k.kind, k.day0, k.honour_related,
       COALESCE(SUM(s.done_at IS NULL AND s.not_applicable_reason = ''
                    AND s.due_on <= :today), 0) AS due_steps
FROM pupil_case AS k
LEFT JOIN checklist_step AS s ON s.case_id = k.id
WHERE k.status = 'open'
GROUP BY k.id
ORDER BY due_steps DESC, k.day0
"""

PUPIL_MARKS = """
SELECT m.on_date, m.lesson, m.code, m.minutes, m.source
FROM absence_mark AS m
WHERE m.pupil_id = :pupil_id AND m.on_date BETWEEN :start AND :end
ORDER BY m.on_date, m.lesson
"""


# A pupil's current class: the latest open membership of a group of type class. Used as a
# correlated subquery wherever the outer query calls the pupil `p`.
CURRENT_CLASS_ID = """(
    SELECT gm.group_id FROM group_membership AS gm
    JOIN school_group AS cg ON cg.id = gm.group_id
    WHERE gm.pupil_id = p.id AND gm.ends_on IS NULL AND cg.group_type = 'class'
    ORDER BY gm.starts_on DESC, gm.id DESC LIMIT 1)"""


# -- problematic absence and per-pupil attendance (storage.problematic) ----------------------
# Both are bounded by their window: the first walks ix_absence_code_day (code, on_date, ...)
# for the absence codes and the window's dates only; the second ix_absence_pupil_day
# (pupil_id, on_date, ...). More history outside the window costs nothing but index depth.

ABSENCE_DAY_MARKS = """
SELECT m.pupil_id, m.on_date,
       MAX(CASE WHEN m.lesson IS NULL THEN c.category END) AS whole_day,
       COUNT(m.lesson) AS absent_lessons,
       SUM(m.lesson IS NOT NULL AND c.category = 'invalid') AS invalid_lessons,
       SUM(m.lesson IS NOT NULL AND c.category = 'reported') AS reported_lessons
FROM absence_mark AS m
JOIN absence_code AS c ON c.code = m.code
WHERE m.code IN (SELECT code FROM absence_code WHERE counts_as_absence = 1)
  AND m.on_date BETWEEN :start AND :end
GROUP BY m.pupil_id, m.on_date
"""

PUPIL_DAY_MARKS = """
SELECT m.on_date,
       MAX(CASE WHEN m.lesson IS NULL AND c.counts_as_absence = 1 THEN c.category END)
           AS whole_day,
       SUM(m.lesson IS NOT NULL AND c.counts_as_absence = 1) AS absent_lessons,
       SUM(m.lesson IS NOT NULL AND c.category = 'invalid') AS invalid_lessons,
       SUM(m.lesson IS NOT NULL AND c.category = 'reported') AS reported_lessons,
       MAX(c.category = 'late') AS late
FROM absence_mark AS m
JOIN absence_code AS c ON c.code = m.code
WHERE m.pupil_id = :pupil_id AND m.on_date BETWEEN :start AND :end
GROUP BY m.on_date
"""

RULE_PUPILS = f"""
SELECT p.id, p.first_name, p.last_name, p.school_id, p.enrolled_on, p.left_on,
       cg.id AS class_id, cg.name AS class_name
FROM pupil AS p
LEFT JOIN school_group AS cg ON cg.id = {CURRENT_CLASS_ID}
WHERE p.left_on IS NULL OR p.left_on >= :start
"""

OPEN_CASES_OF_KIND = """
SELECT k.pupil_id, k.id, k.day0
FROM pupil_case AS k
WHERE k.status = 'open' AND k.kind = :kind
ORDER BY k.day0
"""

LESSON_PLANS = "SELECT group_id, weekday, lessons FROM lesson_plan"

PUPIL_FOR_ATTENDANCE = f"""
SELECT p.school_id, p.enrolled_on, p.left_on, {CURRENT_CLASS_ID} AS class_id
FROM pupil AS p
WHERE p.id = :pupil_id
"""


# -- whereabouts and missing-pupil candidates (storage.candidates) ---------------------------
# Each is bounded by the window's dates; the marks walk ix_absence_code_day for the codes named.

CANDIDATE_PUPILS = f"""
SELECT p.id, p.first_name, p.last_name, p.school_id, p.enrolled_on, p.left_on,
       cg.id AS class_id, cg.name AS class_name, cg.school_year
FROM pupil AS p
LEFT JOIN school_group AS cg ON cg.id = {CURRENT_CLASS_ID}
WHERE p.left_on IS NULL OR p.left_on >= :today
"""

SEEN_MARK_DAYS = """
SELECT DISTINCT m.pupil_id, m.on_date
FROM absence_mark AS m
WHERE m.code IN (SELECT code FROM absence_code WHERE category IN ('present', 'late'))
  AND m.on_date BETWEEN :start AND :end
"""

# Through the groups (CROSS JOIN keeps that order in SQLite), so each group's registers are
# a range of ux_register_taken (group_id, on_date, ...): a date range alone would scan every
# register ever taken.
REGISTER_TAKEN_DAYS = """
SELECT DISTINCT r.group_id, r.on_date
FROM school_group AS g
CROSS JOIN register_taken AS r ON r.group_id = g.id
WHERE r.on_date BETWEEN :start AND :end
"""

NOTICES_TOLD = """
SELECT DISTINCT n.pupil_id, n.on_date
FROM absence_notice AS n
WHERE n.outcome = 'told' AND n.on_date BETWEEN :start AND :end
"""

# Contacts are kept with a time in UTC: the window is widened by a day at both ends
# (:start_wide, :end_wide) and each time is turned into a school day in Python.
CONTACTS_REACHED = """
SELECT c.pupil_id, c.at
FROM contact_attempt AS c
WHERE c.outcome = 'reached' AND c.counterpart_kind IN ('guardian', 'pupil')
  AND c.at >= :start_wide AND c.at < :end_wide
"""

LEAVE_PERIODS = """
SELECT l.id, l.pupil_id, l.starts_on, l.ends_on, l.status
FROM leave_request AS l
WHERE l.status IN ('granted', 'refused') AND l.starts_on <= :end AND l.ends_on >= :start
"""

LAST_REACHED_CONTACT = """
SELECT MAX(c.at)
FROM contact_attempt AS c
WHERE c.pupil_id = :pupil_id AND c.outcome = 'reached'
  AND c.counterpart_kind IN ('guardian', 'pupil')
"""

WHEREABOUTS_PUPIL = f"""
SELECT p.id, p.first_name, p.last_name, p.school_id, p.enrolled_on, p.left_on,
       cg.id AS class_id, cg.name AS class_name, cg.school_year
FROM pupil AS p
LEFT JOIN school_group AS cg ON cg.id = {CURRENT_CLASS_ID}
WHERE p.id = :pupil_id
"""

# One pupil's variants (storage.candidates.pupil_whereabouts): through the pupil's indexes,
# so a year of the whole school's present marks is never read for one pupil.
PUPIL_SEEN_DAYS = """
SELECT DISTINCT m.pupil_id, m.on_date
FROM absence_mark AS m
WHERE m.pupil_id = :pupil_id AND m.on_date BETWEEN :start AND :end
  AND m.code IN (SELECT code FROM absence_code WHERE category IN ('present', 'late'))
"""

GROUP_REGISTER_TAKEN_DAYS = """
SELECT DISTINCT r.group_id, r.on_date
FROM register_taken AS r
WHERE r.group_id = :group_id AND r.on_date BETWEEN :start AND :end
"""

CASE_DUE_DATES = """
SELECT DISTINCT s.due_on FROM checklist_step AS s WHERE s.case_id = :case_id ORDER BY s.due_on
"""

# "Whereabouts known" spans (schema 8) that touch the window, by pupil
# (storage.candidates reads them beside contacts and notices).
WHEREABOUTS_KNOWN_SPANS = """
SELECT w.pupil_id, w.from_date, w.to_date
FROM whereabouts_known AS w
WHERE w.from_date <= :end AND w.to_date >= :start
"""


# -- the morning dashboard (storage.morning) -------------------------------------------------
# Open missing-pupil cases only: ix_case_status_kind finds them; their steps by case_id.

MORNING_MISSING_CASES = f"""
SELECT k.id, k.pupil_id, k.day0, k.honour_related, p.first_name, p.last_name, p.school_id,
       p.enrolled_on, p.left_on, cg.id AS class_id, cg.name AS class_name, cg.school_year
FROM pupil_case AS k
JOIN pupil AS p ON p.id = k.pupil_id
LEFT JOIN school_group AS cg ON cg.id = {CURRENT_CLASS_ID}
WHERE k.status = 'open' AND k.kind = 'missing'
ORDER BY k.day0, k.id
"""

MORNING_CASE_STEPS = """
SELECT s.case_id, s.step_code, s.due_on,
       s.done_at IS NOT NULL OR s.not_applicable_reason != '' AS settled
FROM pupil_case AS k
JOIN checklist_step AS s ON s.case_id = k.id
WHERE k.status = 'open' AND k.kind = 'missing'
ORDER BY s.case_id, s.due_on, s.id
"""

# The recent days of every pupil with an open missing case, summed per day as
# PUPIL_DAY_MARKS does, with whether a present or late mark was seen (PUPIL_SEEN_DAYS):
# through ix_absence_pupil_day, pupil by pupil.
MISSING_PUPILS_DAY_MARKS = """
SELECT m.pupil_id, m.on_date,
       MAX(CASE WHEN m.lesson IS NULL AND c.counts_as_absence = 1 THEN c.category END)
           AS whole_day,
       SUM(m.lesson IS NOT NULL AND c.counts_as_absence = 1) AS absent_lessons,
       SUM(m.lesson IS NOT NULL AND c.category = 'invalid') AS invalid_lessons,
       SUM(m.lesson IS NOT NULL AND c.category = 'reported') AS reported_lessons,
       MAX(c.category IN ('present', 'late')) AS seen
FROM absence_mark AS m
JOIN absence_code AS c ON c.code = m.code
WHERE m.pupil_id IN (SELECT k.pupil_id FROM pupil_case AS k
                     WHERE k.status = 'open' AND k.kind = 'missing')
  AND m.on_date BETWEEN :start AND :end
GROUP BY m.pupil_id, m.on_date
"""

SCHOOLS_OF_PUPILS = """
SELECT DISTINCT p.school_id FROM pupil AS p WHERE p.left_on IS NULL OR p.left_on >= :today
"""
