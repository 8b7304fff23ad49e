/**
 * What the user keys into a phone screen: user name, password, extension, PIN. Letters
 * arrive as `text.input`, digits from the keypad; secret fields are drawn as dots.
 */
export const fieldIds = ['user', 'password', 'extension', 'pin', 'newLockPin', 'confirmLockPin', 'lockPin', 'adminCode'] as const;
export type FieldId = (typeof fieldIds)[number];

export interface FormField {
  readonly id: FieldId;
  readonly secret: boolean;
  readonly value: string;
}

export interface TextForm {
  readonly fields: readonly FormField[];
  /** The field keys type into. */
  readonly focus: number;
}

/** Longer than any UPN a phone accepts (Polycom: 45 characters): enough, and bounded. */
export const maxFieldLength = 64;

const secretFields: ReadonlySet<FieldId> = new Set(['password', 'pin', 'newLockPin', 'confirmLockPin', 'lockPin', 'adminCode']);

export function openForm(ids: readonly FieldId[], values: Partial<Record<FieldId, string>> = {}): TextForm {
  return { fields: ids.map((id) => ({ id, secret: secretFields.has(id), value: values[id] ?? '' })), focus: 0 };
}

function withFocused(form: TextForm, change: (value: string) => string): TextForm {
  return {
    ...form,
    fields: form.fields.map((field, index) => (index === form.focus ? { ...field, value: change(field.value) } : field)),
  };
}

export function typeInto(form: TextForm, text: string): TextForm {
  // Control characters (a pasted newline, an escape) never reach a field.
  const printable = [...text].filter((character) => character >= ' ' && character !== '\u007f').join('');
  return withFocused(form, (value) => (value + printable).slice(0, maxFieldLength));
}

export function eraseLast(form: TextForm): TextForm {
  return withFocused(form, (value) => [...value].slice(0, -1).join(''));
}

export function focusedValue(form: TextForm | null): string {
  return form?.fields[form.focus]?.value ?? '';
}

export function valueOf(form: TextForm | null, id: FieldId): string {
  return form?.fields.find((field) => field.id === id)?.value ?? '';
}

/** Moves the focus by `delta`, staying within the form. */
export function moveFocus(form: TextForm, delta: number): TextForm {
  return { ...form, focus: Math.max(0, Math.min(form.fields.length - 1, form.focus + delta)) };
}

export function isLastField(form: TextForm | null): boolean {
  return form === null || form.focus >= form.fields.length - 1;
}

/** Empties a field (a refused entry) and puts the focus on it. */
export function clearField(form: TextForm, id: FieldId): TextForm {
  const index = form.fields.findIndex((field) => field.id === id);
  if (index < 0) return form;
  return { fields: form.fields.map((field, at) => (at === index ? { ...field, value: '' } : field)), focus: index };
}

/** A field as the screen draws it: secrets as dots, so a PIN or password never reaches the display. */
export function shownValue(field: FormField): string {
  return field.secret ? '•'.repeat([...field.value].length) : field.value;
}
