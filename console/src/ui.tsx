import * as Dialog from '@radix-ui/react-dialog';
import * as Toast from '@radix-ui/react-toast';
import {
  createContext,
  useCallback,
  useContext,
  useState,
  type ReactNode,
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
export function TokenOnce({ token, label }: { token: string; label: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(token);
    setCopied(true);
  };
  return (
    <div className="form">
      <p className="warning" role="alert">
        Copy this token now and store it somewhere safe. It won&apos;t be shown again.
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
