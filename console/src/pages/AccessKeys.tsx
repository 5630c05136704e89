import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type RefObject } from 'react';
import { api, data, type Schemas } from '../api/client';
import { usePaged } from '../queries';
import {
  ConfirmDialog,
  CreateOnceDialog,
  ErrorText,
  Field,
  Loading,
  NameDialog,
  Pager,
  RowMenu,
  TokenOnce,
  useNotify,
  when,
} from '../ui';

type AccessKey = Schemas['AccessKeyResponse'];

const WARNING =
  'Deleting an access key will immediately revoke API access for any applications or scripts using that key. This action cannot be undone.';

/**
 * The seed's two pages: Organization Access Keys (any member) and Personal Access Keys (mine only).
 * View them (name, redacted preview, dates, creator), Create Access Key (the token shown once), and from
 * each row's menu, Rename and Delete.
 */
export function AccessKeysTab({
  owner,
  orgId,
}: {
  owner: 'organization' | 'personal';
  orgId: string;
}) {
  const queryKey = owner === 'organization' ? ['access-keys', orgId] : ['access-keys', 'me'];
  const { query: keys, pager } = usePaged(queryKey, (query) =>
    owner === 'organization'
      ? data(
          api.GET('/cloud/organizations/{org_id}/access-keys', {
            params: { path: { org_id: orgId }, query },
          }),
        )
      : data(api.GET('/cloud/me/access-keys', { params: { query } })),
  );
  // A creator since deleted has no email left: their id is what remains.
  const creator = (key: AccessKey) =>
    owner === 'personal' ? 'You' : (key.created_by_email ?? key.created_by);
  const title = owner === 'organization' ? 'Organization Access Keys' : 'Personal Access Keys';

  return (
    <>
      <div className="section-header">
        <h2>{title}</h2>
        <CreateAccessKey owner={owner} orgId={orgId} queryKey={queryKey} />
      </div>
      <p className="muted">
        {owner === 'organization'
          ? "Keys for CI and scripts to reach this organization's projects, environments and billing, with the role of the member who created them. Any member can manage them."
          : 'Keys that act as you, in every organization you belong to. Only you can see them.'}
      </p>
      {keys.isPending && <Loading what="access keys" />}
      {keys.error && <ErrorText error={keys.error} />}
      {keys.data &&
        (keys.data.access_keys.length === 0 ? (
          <p className="empty">No access keys yet. Create one for your CLI or CI pipeline.</p>
        ) : (
          <div className="table-wrap">
            <table aria-label={title} className="cards">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Key</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Created by</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {keys.data.access_keys.map((key) => (
                  <tr key={key.id}>
                    <td data-label="Name">{key.name}</td>
                    <td data-label="Key">
                      <code>{key.redacted}</code>
                    </td>
                    <td data-label="Created">{when(key.created_at)}</td>
                    <td data-label="Last used">{when(key.last_used_at)}</td>
                    <td data-label="Created by">{creator(key)}</td>
                    <td className="row-actions">
                      <KeyActions accessKey={key} owner={owner} orgId={orgId} queryKey={queryKey} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      <Pager {...pager} />
    </>
  );
}

interface KeyProps {
  owner: 'organization' | 'personal';
  orgId: string;
  queryKey: string[];
}

function CreateAccessKey({ owner, orgId, queryKey }: KeyProps) {
  const [name, setName] = useState('');
  const client = useQueryClient();
  // The token lives only in this mutation's result: reset on close, never cached or stored.
  const create = useMutation({
    mutationFn: () =>
      owner === 'organization'
        ? data(
            api.POST('/cloud/organizations/{org_id}/access-keys', {
              params: { path: { org_id: orgId } },
              body: { name },
            }),
          )
        : data(api.POST('/cloud/me/access-keys', { body: { name } })),
    onSuccess: () => void client.invalidateQueries({ queryKey }),
  });
  return (
    <CreateOnceDialog
      title="Create Access Key"
      submitLabel="Create"
      mutation={create}
      shown={({ access_key }) => <TokenOnce token={access_key.token} label="Access key" />}
      onClosed={() => setName('')}
    >
      <Field
        id="access-key-name"
        label="Name"
        required
        maxLength={100}
        placeholder="e.g. GitHub Actions deploy"
        value={name}
        onChange={setName}
      />
    </CreateOnceDialog>
  );
}

function KeyActions({ accessKey, owner, orgId, queryKey }: KeyProps & { accessKey: AccessKey }) {
  const [dialog, setDialog] = useState<'rename' | 'delete'>();
  const menuButton = useRef<HTMLButtonElement>(null);
  return (
    <>
      <RowMenu
        ref={menuButton}
        label={accessKey.name}
        actions={[
          { label: 'Rename', onSelect: () => setDialog('rename') },
          { label: 'Delete', danger: true, onSelect: () => setDialog('delete') },
        ]}
      />
      {dialog === 'rename' && (
        <RenameDialog
          accessKey={accessKey}
          owner={owner}
          orgId={orgId}
          queryKey={queryKey}
          returnFocusTo={menuButton}
          onClose={() => setDialog(undefined)}
        />
      )}
      {dialog === 'delete' && (
        <DeleteDialog
          accessKey={accessKey}
          owner={owner}
          orgId={orgId}
          queryKey={queryKey}
          returnFocusTo={menuButton}
          onClose={() => setDialog(undefined)}
        />
      )}
    </>
  );
}

type DialogProps = KeyProps & {
  accessKey: AccessKey;
  returnFocusTo: RefObject<HTMLButtonElement | null>;
  onClose: () => void;
};

function RenameDialog(props: DialogProps) {
  const client = useQueryClient();
  const notify = useNotify();
  const rename = useMutation({
    mutationFn: (name: string) =>
      props.owner === 'organization'
        ? data(
            api.PATCH('/cloud/organizations/{org_id}/access-keys/{id}', {
              params: { path: { org_id: props.orgId, id: props.accessKey.id } },
              body: { name },
            }),
          )
        : data(
            api.PATCH('/cloud/me/access-keys/{id}', {
              params: { path: { id: props.accessKey.id } },
              body: { name },
            }),
          ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: props.queryKey });
      notify('Access key renamed');
    },
  });
  return (
    <NameDialog
      title="Rename Access Key"
      submitLabel="Save"
      initial={props.accessKey.name}
      mutation={rename}
      returnFocusTo={props.returnFocusTo}
      onClose={props.onClose}
    />
  );
}

function DeleteDialog(props: DialogProps) {
  const client = useQueryClient();
  const notify = useNotify();
  const remove = useMutation({
    mutationFn: () =>
      props.owner === 'organization'
        ? data(
            api.DELETE('/cloud/organizations/{org_id}/access-keys/{id}', {
              params: { path: { org_id: props.orgId, id: props.accessKey.id } },
            }),
          )
        : data(
            api.DELETE('/cloud/me/access-keys/{id}', {
              params: { path: { id: props.accessKey.id } },
            }),
          ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: props.queryKey });
      notify('Access key deleted');
      props.onClose();
    },
  });
  return (
    <ConfirmDialog
      open
      onOpenChange={(open) => open || props.onClose()}
      title={`Delete ${props.accessKey.name}?`}
      description={WARNING}
      returnFocusTo={props.returnFocusTo}
      confirm="Delete"
      action={remove}
    />
  );
}
