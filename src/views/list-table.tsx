import { type Child, h } from "./jsx.js";

/** One column of a ListTable: its heading and what a row shows in it. */
export interface Column<Row> {
  head: Child;
  cell: (row: Row) => Child;
}

/**
 * The staff area's table of rows (`<table class="list">`), one `<td>` per column. With `empty`, no rows
 * show that sentence instead of a table with only headings. Usage:
 * `<ListTable rows={tags} empty="No tags yet." columns={[{ head: "Name", cell: (tag) => tag.name }]} />`.
 */
export function ListTable<Row>(props: {
  rows: readonly Row[];
  columns: readonly Column<Row>[];
  empty?: string;
  /** Classes besides `list`. */
  class?: string;
  caption?: string;
  /** The row's id attribute, for links to one row. */
  rowId?: (row: Row) => string;
}) {
  if (props.rows.length === 0 && props.empty !== undefined) return <p>{props.empty}</p>;
  return (
    <table class={props.class ? `list ${props.class}` : "list"}>
      {props.caption ? <caption>{props.caption}</caption> : null}
      <thead>
        <tr>
          {props.columns.map((column) => (
            <th>{column.head}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr id={props.rowId?.(row)}>
            {props.columns.map((column) => (
              <td>{column.cell(row)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
