"""Which rows of each table belong to one patient's export, found from the schema's links.

A table with a ``patient_id`` column holds that patient's rows; a table with a foreign key
to a table already scoped follows it (a visit's treatments, an issued superbill's lines).
Of the tables left, those the patient's rows point at (the providers who signed the
notes, the care contacts on the care team) are narrowed to the rows pointed at; the rest
describe the clinic (practice, fee schedule, settings) and are exported whole.
"""

from sqlalchemy import ColumnElement, Select, Table, false, select, union

Filter = ColumnElement[bool] | None


def _key(table: Table):
    keys = list(table.primary_key.columns)
    return keys[0] if len(keys) == 1 else None


def patient_filters(tables: list[Table], patient_id: int) -> dict[str, Filter]:
    """Table name -> the condition its exported rows meet (None: every row)."""
    scoped: dict[str, ColumnElement[bool]] = {}
    for table in tables:
        if table.name == "patient":
            scoped[table.name] = table.c.id == patient_id
        elif "patient_id" in table.c:
            scoped[table.name] = table.c.patient_id == patient_id
    by_name = {table.name: table for table in tables}
    changed = True
    while changed:
        changed = False
        for table in tables:
            if table.name in scoped:
                continue
            for key in table.foreign_keys:
                target = key.column.table
                if target.name in scoped and key.parent.table is table:
                    ids = select(key.column).where(scoped[target.name])
                    scoped[table.name] = key.parent.in_(ids)
                    changed = True
                    break
    filters: dict[str, Filter] = dict(scoped)
    for table in tables:
        if table.name in scoped:
            continue
        pointers: list[Select] = []
        for name, condition in scoped.items():
            source = by_name[name]
            for key in source.foreign_keys:
                if key.column.table is table:
                    pointers.append(select(key.parent).where(condition))
        key_column = _key(table)
        if not pointers:
            filters[table.name] = None
        elif key_column is None:
            filters[table.name] = false()
        else:
            filters[table.name] = key_column.in_(union(*pointers))
    return filters
