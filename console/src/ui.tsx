import * as Dialog from '@radix-ui/react-dialog';
import * as Menu from '@radix-ui/react-dropdown-menu';
import * as Toast from '@radix-ui/react-toast';
import {
  createContext,
  useCallback,
  useContext,
  useState,
  type FormEvent,
  type InputHTMLAttributes,
  type ReactNode,
  type Ref,
  type RefObject,
} from 'react';
import { messageOf } from './api/client';

/**
 * A modal dialog (Radix: focus trapped inside, Escape and the overlay close it, focus returns to the
 * button that opened it).
 */
export function Modal(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: ReactNode;
  /** The button that opens it (focus returns there on close). */
  trigger?: ReactNode;
  /** Where focus returns on close when the modal was opened from elsewhere (a row's menu). */
  returnFocusTo?: RefObject<HTMLElement | null>;
  children: ReactNode;
}) {
  return (
    <Dialog.Root open={props.open} onOpenChange={props.onOpenChange}>
      {props.trigger && <Dialog.Trigger asChild>{props.trigger}</Dialog.Trigger>}
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content
          className="modal"
          {...(props.description ? {} : { 'aria-describedby': undefined })}
          onCloseAutoFocus={(event) => {
            if (!props.returnFocusTo?.current) return;
            event.preventDefault();
            props.returnFocusTo.current.focus();
          }}
        >
          <Dialog.Title>{props.title}</Dialog.Title>
          {props.description && (
            <Dialog.Description className="description">{props.description}</Dialog.Description>
          )}
          {props.children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

export const CloseButton = ({ children }: { children: ReactNode }) => (
  <Dialog.Close className="button secondary">{children}</Dialog.Close>
);

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}

/** An error from the API, in its own words. */
export function ErrorText({ error }: { error: unknown }) {
  return (
    <p className="error" role="alert">
      {messageOf(error)}
    </p>
  );
}

/** `3 Dec 2026, 17:20`; `Never` for nothing. */
export function when(iso: string | null | undefined): string {
  if (!iso) return 'Never';
  return new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

const ToastContext = createContext<(text: string) => void>(() => undefined);

/** Short confirmations ("Access key deleted"), announced to screen readers and gone after a while. */
export function Toasts({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<{ id: number; text: string }[]>([]);
  const notify = useCallback(
    (text: string) => setToasts((list) => [...list, { id: Date.now() + Math.random(), text }]),
    [],
  );
  return (
    <ToastContext.Provider value={notify}>
      <Toast.Provider duration={5000}>
        {children}
        {toasts.map((toast) => (
          <Toast.Root
            key={toast.id}
            className="toast"
            onOpenChange={(open) =>
              open || setToasts((list) => list.filter((item) => item.id !== toast.id))
            }
          >
            <Toast.Description>{toast.text}</Toast.Description>
          </Toast.Root>
        ))}
        <Toast.Viewport className="toasts" />
      </Toast.Provider>
    </ToastContext.Provider>
  );
}

export const useNotify = () => useContext(ToastContext);

/**
 * A new token, shown this once with a Copy button and the warning. It lives only in the dialog's
 * mutation: closing the dialog resets it, and nothing caches or stores it.
 */
export function TokenOnce({
  token,
  label,
  warning = "Copy this token now and store it somewhere safe. It won't be shown again.",
}: {
  token: string;
  label: string;
  warning?: string;
}) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(token);
    setCopied(true);
  };
  return (
    <div className="form">
      <p className="warning" role="alert">
        {warning}
      </p>
      <label htmlFor="new-token">{label}</label>
      <div className="token-row">
        <input id="new-token" readOnly value={token} onFocus={(event) => event.target.select()} />
        <button className="button" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <div className="actions">
        <CloseButton>Done</CloseButton>
      </div>
    </div>
  );
}

/** What a confirmation runs: a mutation that takes no variables. */
interface Confirmable {
  mutate: () => void;
  error: unknown;
  isPending: boolean;
}

/**
 * "Delete X?" and its kin: the warning, the API's refusal in its words if any, Cancel, and the
 * dangerous button. Opened by `trigger`, or held open by the caller (from a row's menu).
 */
export function ConfirmDialog({
  confirm,
  action,
  ...modal
}: Omit<Parameters<typeof Modal>[0], 'children'> & { confirm: string; action: Confirmable }) {
  return (
    <Modal {...modal}>
      {action.error ? <ErrorText error={action.error} /> : null}
      <div className="actions">
        <CloseButton>Cancel</CloseButton>
        <button
          className="button danger"
          onClick={() => action.mutate()}
          disabled={action.isPending}
        >
          {confirm}
        </button>
      </div>
    </Modal>
  );
}

export interface MenuAction {
  label: string;
  onSelect: () => void;
  danger?: boolean;
}

/**
 * A row's ⋯ menu (Radix: Enter or a click opens it on its first item, arrows move, Enter picks). `ref`
 * is its button, for a dialog opened from it to give focus back to.
 */
export function RowMenu({
  label,
  actions,
  ref,
}: {
  label: string;
  /** `false` leaves an action out. */
  actions: (MenuAction | false)[];
  ref?: Ref<HTMLButtonElement>;
}) {
  return (
    <Menu.Root>
      <Menu.Trigger ref={ref} className="icon-button" aria-label={`Actions for ${label}`}>
        ⋯
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content className="menu" align="end">
          {actions.map(
            (action) =>
              action && (
                <Menu.Item
                  key={action.label}
                  className={action.danger ? 'menu-item danger' : 'menu-item'}
                  onSelect={action.onSelect}
                >
                  {action.label}
                </Menu.Item>
              ),
          )}
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}

/**
 * "Create" in a dialog whose result is shown once (a key's token, an invite's link): the form until
 * `mutation` succeeds, then `shown(data)`. Closing resets the mutation, so the secret leaves page memory,
 * and calls `onClosed` for the page to clear its fields.
 */
export function CreateOnceDialog<T>(props: {
  title: string;
  submitLabel: string;
  mutation: {
    mutate: () => void;
    reset: () => void;
    data: T | undefined;
    error: unknown;
    isPending: boolean;
  };
  shown: (data: T) => ReactNode;
  onClosed: () => void;
  /** The form's fields. */
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const { mutation } = props;
  const change = (next: boolean) => {
    setOpen(next);
    if (!next) {
      mutation.reset();
      props.onClosed();
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate();
  };
  return (
    <Modal
      open={open}
      onOpenChange={change}
      title={props.title}
      trigger={<button className="button">{props.title}</button>}
    >
      {mutation.data !== undefined ? (
        props.shown(mutation.data)
      ) : (
        <form onSubmit={submit} className="form">
          {props.children}
          {mutation.error ? <ErrorText error={mutation.error} /> : null}
          <div className="actions">
            <CloseButton>Cancel</CloseButton>
            <button className="button" type="submit" disabled={mutation.isPending}>
              {props.submitLabel}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}

/**
 * A dialog that asks for one name and runs `mutation` with it: opened by its child (a button), or
 * open from the start when `onClose` is given (opened from a menu).
 */
export function NameDialog(props: {
  title: string;
  submitLabel: string;
  initial?: string;
  mutation: {
    mutate: (name: string, options: { onSuccess: () => void }) => void;
    reset: () => void;
    error: unknown;
    isPending: boolean;
  };
  returnFocusTo?: RefObject<HTMLButtonElement | null>;
  onClose?: () => void;
  children?: ReactNode;
}) {
  const [open, setOpen] = useState(props.onClose !== undefined);
  const [name, setName] = useState(props.initial ?? '');
  const change = (next: boolean) => {
    setOpen(next);
    if (!next) {
      props.mutation.reset();
      setName(props.initial ?? '');
      props.onClose?.();
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.mutation.mutate(name, { onSuccess: () => change(false) });
  };
  const id = `name-${props.title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <Modal
      open={open}
      onOpenChange={change}
      title={props.title}
      trigger={props.children}
      returnFocusTo={props.returnFocusTo}
    >
      <form onSubmit={submit} className="form">
        <label htmlFor={id}>Name</label>
        <input
          id={id}
          required
          maxLength={100}
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        {props.mutation.error ? <ErrorText error={props.mutation.error} /> : null}
        <div className="actions">
          <CloseButton>Cancel</CloseButton>
          <button className="button" type="submit" disabled={props.mutation.isPending}>
            {props.submitLabel}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** What to give and what to take away, the difference between what is held and what is ticked. */
export interface AddRemove {
  add: string[];
  remove: string[];
}

/**
 * A set as checkboxes (a user's roles, a key's sales channels): Save sends only the difference from what
 * is held. The API's refusal, if any, in its words.
 */
export function ChecklistForm(props: {
  legend: string;
  options: { id: string; name: string }[];
  held: string[];
  onSave: (change: AddRemove) => void;
  error: unknown;
  isPending: boolean;
}) {
  const [ticked, setTicked] = useState(() => new Set(props.held));
  const toggle = (id: string, on: boolean) => {
    const next = new Set(ticked);
    if (on) next.add(id);
    else next.delete(id);
    setTicked(next);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSave({
      add: [...ticked].filter((id) => !props.held.includes(id)),
      remove: props.held.filter((id) => !ticked.has(id)),
    });
  };
  return (
    <form onSubmit={submit} className="form">
      <fieldset className="permissions">
        <legend>{props.legend}</legend>
        {props.options.length === 0 && <p className="empty">None yet.</p>}
        {props.options.map((option) => (
          <label key={option.id} className="check">
            <input
              type="checkbox"
              checked={ticked.has(option.id)}
              onChange={(event) => toggle(option.id, event.target.checked)}
            />
            {option.name}
          </label>
        ))}
      </fieldset>
      {props.error ? <ErrorText error={props.error} /> : null}
      <div className="actions">
        <CloseButton>Cancel</CloseButton>
        <button className="button" type="submit" disabled={props.isPending}>
          Save
        </button>
      </div>
    </form>
  );
}

/**
 * "1–50 of 240" with Previous and Next, under a list longer than a page (`always`: under any non-empty
 * one). Labels may say what the order means (the audit log's Newer and Older).
 */
export function Pager(props: {
  offset: number;
  size: number;
  count: number;
  onChange: (offset: number) => void;
  always?: boolean;
  labels?: [previous: string, next: string];
}) {
  const { offset, size, count } = props;
  const [previous, next] = props.labels ?? ['Previous', 'Next'];
  if (count === 0 || (!props.always && offset === 0 && count <= size)) return null;
  return (
    <nav className="pager" aria-label="Pages">
      <button
        className="button secondary"
        disabled={offset === 0}
        onClick={() => props.onChange(Math.max(0, offset - size))}
      >
        {previous}
      </button>
      <span role="status">
        {offset + 1}–{Math.min(offset + size, count)} of {count}
      </span>
      <button
        className="button secondary"
        disabled={offset + size >= count}
        onClick={() => props.onChange(offset + size)}
      >
        {next}
      </button>
    </nav>
  );
}

/** A labelled text input; `hint` is read out with it (aria-describedby). */
export function Field({
  id,
  label,
  hint,
  onChange,
  ...input
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'id'> & {
  id: string;
  label: string;
  hint?: string;
  onChange: (value: string) => void;
}) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        {...input}
        {...(hint ? { 'aria-describedby': `${id}-hint` } : {})}
        onChange={(event) => onChange(event.target.value)}
      />
      {hint && (
        <p id={`${id}-hint`} className="muted small">
          {hint}
        </p>
      )}
    </>
  );
}

/** A labelled select of `options`: values, or values with what to show for them. */
export function SelectField<T extends string>(props: {
  id: string;
  label: string;
  value: T;
  onChange: (value: T) => void;
  options: readonly (T | { value: T; label: string })[];
}) {
  return (
    <>
      <label htmlFor={props.id}>{props.label}</label>
      <select
        id={props.id}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value as T)}
      >
        {props.options.map((option) => {
          const { value, label } =
            typeof option === 'string' ? { value: option, label: option } : option;
          return (
            <option key={value} value={value}>
              {label}
            </option>
          );
        })}
      </select>
    </>
  );
}

/** The choice a password change or reset offers: revoke my keys too (`revoke_keys`). */
export function RevokeKeysField(props: { checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className="check">
      <input
        type="checkbox"
        checked={props.checked}
        onChange={(event) => props.onChange(event.target.checked)}
      />
      Also revoke my secret API keys and personal access keys
    </label>
  );
}

/** First and last name, at most 255 characters each (the API's limit). */
export function NameFields(props: {
  first: string;
  last: string;
  onFirst: (value: string) => void;
  onLast: (value: string) => void;
}) {
  return (
    <>
      <Field
        id="first-name"
        label="First name"
        autoComplete="given-name"
        maxLength={255}
        value={props.first}
        onChange={props.onFirst}
      />
      <Field
        id="last-name"
        label="Last name"
        autoComplete="family-name"
        maxLength={255}
        value={props.last}
        onChange={props.onLast}
      />
    </>
  );
}
