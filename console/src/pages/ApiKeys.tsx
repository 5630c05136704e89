import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent, type RefObject } from 'react';
import { api, data, type Schemas } from '../api/client';
import { adminMeQuery, usePaged } from '../queries';
import {
  type AddRemove,
  ChecklistForm,
  CloseButton,
  ConfirmDialog,
  CreateOnceDialog,
  ErrorText,
  Field,
  Loading,
  Modal,
  Pager,
  RowMenu,
  SelectField,
  TokenOnce,
  useNotify,
  when,
} from '../ui';

type ApiKey = Schemas['ApiKeyResponse'];
const KEYS = ['api-keys'];

function status(key: ApiKey): string {
  if (!key.revoked_at) return key.expires_at ? `Expires ${when(key.expires_at)}` : 'Active';
  return new Date(key.revoked_at) > new Date() ? `Revoked from ${when(key.revoked_at)}` : 'Revoked';
}

/**
 * The Admin API's keys: secret keys for servers, publishable keys for storefronts. Shown with
 * `api_keys:read`; creating, revoking, rolling and deleting need `api_keys:write`.
 */
export function ApiKeysPage() {
  const me = useQuery(adminMeQuery);
  const { query: keys, pager } = usePaged(KEYS, (query) =>
    data(api.GET('/admin/api-keys', { params: { query } })),
  );
  const writes = me.data?.user.permissions.includes('api_keys:write') ?? false;
  return (
    <section>
      <div className="section-header">
        <h1>API keys</h1>
        {writes && <CreateApiKey />}
      </div>
      <p className="muted">
        Secret keys let servers call the Admin API as their creator; publishable keys let
        storefronts read the catalogue of their sales channels.
      </p>
      {keys.isPending && <Loading what="API keys" />}
      {keys.error && <ErrorText error={keys.error} />}
      {keys.data &&
        (keys.data.api_keys.length === 0 ? (
          <p className="empty">No API keys yet.</p>
        ) : (
          <div className="table-wrap">
            <table aria-label="API keys" className="cards">
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">Type</th>
                  <th scope="col">Key</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {keys.data.api_keys.map((key) => (
                  <tr key={key.id}>
                    <td data-label="Title">{key.title}</td>
                    <td data-label="Type">
                      {key.type}
                      {key.sales_channels?.length ? (
                        <span className="muted small">
                          {key.sales_channels.map((channel) => channel.name).join(', ')}
                        </span>
                      ) : null}
                    </td>
                    <td data-label="Key">
                      <code>{key.redacted}</code>
                    </td>
                    <td data-label="Created">{when(key.created_at)}</td>
                    <td data-label="Last used">{when(key.last_used_at)}</td>
                    <td data-label="Status">{status(key)}</td>
                    <td className="row-actions">{writes && <KeyMenu apiKey={key} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      <Pager {...pager} />
    </section>
  );
}

function CreateApiKey() {
  const [title, setTitle] = useState('');
  const [type, setType] = useState<'secret' | 'publishable'>('secret');
  const client = useQueryClient();
  const create = useMutation({
    mutationFn: () => data(api.POST('/admin/api-keys', { body: { title, type } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: KEYS }),
  });
  return (
    <CreateOnceDialog
      title="Create API key"
      submitLabel="Create"
      mutation={create}
      shown={({ api_key }) => <TokenOnce token={api_key.token} label="API key" />}
      onClosed={() => setTitle('')}
    >
      <Field
        id="api-key-title"
        label="Title"
        required
        maxLength={100}
        value={title}
        onChange={setTitle}
      />
      <SelectField
        id="api-key-type"
        label="Type"
        value={type}
        onChange={setType}
        options={[
          { value: 'secret', label: 'secret (servers)' },
          { value: 'publishable', label: 'publishable (storefronts)' },
        ]}
      />
    </CreateOnceDialog>
  );
}

function KeyMenu({ apiKey }: { apiKey: ApiKey }) {
  const [dialog, setDialog] = useState<'revoke' | 'roll' | 'channels' | 'delete'>();
  const button = useRef<HTMLButtonElement>(null);
  const close = () => setDialog(undefined);
  return (
    <>
      <RowMenu
        ref={button}
        label={apiKey.title}
        actions={[
          !apiKey.revoked_at && { label: 'Revoke', onSelect: () => setDialog('revoke') },
          !apiKey.revoked_at &&
            apiKey.type === 'secret' && { label: 'Roll', onSelect: () => setDialog('roll') },
          apiKey.type === 'publishable' && {
            label: 'Sales channels',
            onSelect: () => setDialog('channels'),
          },
          { label: 'Delete', danger: true, onSelect: () => setDialog('delete') },
        ]}
      />
      {dialog === 'revoke' && <Revoke apiKey={apiKey} returnFocusTo={button} onClose={close} />}
      {dialog === 'roll' && <Roll apiKey={apiKey} returnFocusTo={button} onClose={close} />}
      {dialog === 'channels' && (
        <SalesChannels apiKey={apiKey} returnFocusTo={button} onClose={close} />
      )}
      {dialog === 'delete' && <Delete apiKey={apiKey} returnFocusTo={button} onClose={close} />}
    </>
  );
}

interface DialogProps {
  apiKey: ApiKey;
  returnFocusTo: RefObject<HTMLButtonElement | null>;
  onClose: () => void;
}

/** Seconds from a form field; blank is zero. */
const seconds = (value: string) => (value.trim() === '' ? 0 : Number(value));

function Revoke({ apiKey, returnFocusTo, onClose }: DialogProps) {
  const [later, setLater] = useState('');
  const client = useQueryClient();
  const notify = useNotify();
  const revoke = useMutation({
    mutationFn: () =>
      data(
        api.POST('/admin/api-keys/{id}/revoke', {
          params: { path: { id: apiKey.id } },
          body: { revoke_in: seconds(later) },
        }),
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: KEYS });
      notify(`${apiKey.title} revoked`);
      onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    revoke.mutate();
  };
  return (
    <Modal
      open
      onOpenChange={(open) => open || onClose()}
      title={`Revoke ${apiKey.title}?`}
      description="Whatever uses it is refused from then on, on every instance."
      returnFocusTo={returnFocusTo}
    >
      <form onSubmit={submit} className="form">
        <Field
          id="revoke-in"
          label="Keep it working for (seconds; blank: revoke now)"
          type="number"
          min={0}
          value={later}
          onChange={setLater}
        />
        {revoke.error && <ErrorText error={revoke.error} />}
        <div className="actions">
          <CloseButton>Cancel</CloseButton>
          <button className="button danger" type="submit" disabled={revoke.isPending}>
            Revoke
          </button>
        </div>
      </form>
    </Modal>
  );
}

/**
 * A publishable key's sales channels: the storefront using it sees the catalogue of these. Listing the
 * channels needs `sales_channels:read`; without it the API's refusal is shown.
 */
function SalesChannels({ apiKey, returnFocusTo, onClose }: DialogProps) {
  const client = useQueryClient();
  const notify = useNotify();
  const channels = useQuery({
    queryKey: ['sales-channels'],
    queryFn: () => data(api.GET('/admin/sales-channels', { params: { query: { limit: 100 } } })),
  });
  const save = useMutation({
    mutationFn: (body: AddRemove) =>
      data(
        api.POST('/admin/api-keys/{id}/sales-channels', {
          params: { path: { id: apiKey.id } },
          body,
        }),
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: KEYS });
      notify(`Sales channels of ${apiKey.title} saved`);
      onClose();
    },
  });
  return (
    <Modal
      open
      onOpenChange={(open) => open || onClose()}
      title={`Sales channels of ${apiKey.title}`}
      description="A storefront using this key sees the published products of these channels."
      returnFocusTo={returnFocusTo}
    >
      {channels.isPending && <Loading what="sales channels" />}
      {channels.error && <ErrorText error={channels.error} />}
      {channels.data && (
        <ChecklistForm
          legend="Sales channels"
          options={channels.data.sales_channels}
          held={apiKey.sales_channels?.map((channel) => channel.id) ?? []}
          onSave={(change) => save.mutate(change)}
          error={save.error}
          isPending={save.isPending}
        />
      )}
    </Modal>
  );
}

function Roll({ apiKey, returnFocusTo, onClose }: DialogProps) {
  const [grace, setGrace] = useState('60');
  const client = useQueryClient();
  const roll = useMutation({
    mutationFn: () =>
      data(
        api.POST('/admin/api-keys/{id}/roll', {
          params: { path: { id: apiKey.id } },
          body: { expires_in: seconds(grace) },
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: KEYS }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    roll.mutate();
  };
  const token = roll.data?.api_key.token;
  return (
    <Modal
      open
      onOpenChange={(open) => {
        if (open) return;
        roll.reset();
        onClose();
      }}
      title={`Roll ${apiKey.title}`}
      returnFocusTo={returnFocusTo}
    >
      {token ? (
        <TokenOnce token={token} label="New API key" />
      ) : (
        <form onSubmit={submit} className="form">
          <Field
            id="roll-grace"
            label="Keep the old token working for (seconds)"
            type="number"
            min={0}
            value={grace}
            onChange={setGrace}
          />
          {roll.error && <ErrorText error={roll.error} />}
          <div className="actions">
            <CloseButton>Cancel</CloseButton>
            <button className="button" type="submit" disabled={roll.isPending}>
              Roll
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}

function Delete({ apiKey, returnFocusTo, onClose }: DialogProps) {
  const client = useQueryClient();
  const notify = useNotify();
  const remove = useMutation({
    mutationFn: () =>
      data(api.DELETE('/admin/api-keys/{id}', { params: { path: { id: apiKey.id } } })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: KEYS });
      notify(`${apiKey.title} deleted`);
      onClose();
    },
  });
  return (
    <ConfirmDialog
      open
      onOpenChange={(open) => open || onClose()}
      title={`Delete ${apiKey.title}?`}
      description="It stops working at once and disappears from this list. This cannot be undone."
      returnFocusTo={returnFocusTo}
      confirm="Delete"
      action={remove}
    />
  );
}
