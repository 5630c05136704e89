import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent, type RefObject } from 'react';
import { useLocation } from 'wouter';
import { api, data, type Schemas } from '../api/client';
import { meQuery, usePaged } from '../queries';
import {
  CloseButton,
  ConfirmDialog,
  ErrorText,
  Field,
  Loading,
  Modal,
  Pager,
  RowMenu,
  SelectField,
  useNotify,
  when,
} from '../ui';

type Organization = Schemas['OrganizationResponse'];
type Member = Schemas['MemberResponse'];
const ROLES = ['member', 'admin', 'owner'] as const;
type Role = (typeof ROLES)[number];

/**
 * Members: everyone sees the list; owners and admins add existing users by email, change roles and remove
 * members (only owners grant or take the owner role; an organization keeps one owner: the API says so in
 * words when a change breaks a rule); anyone may leave.
 */
export function MembersTab({ organization }: { organization: Organization }) {
  const { query: members, pager } = usePaged(['members', organization.id], (query) =>
    data(
      api.GET('/cloud/organizations/{org_id}/members', {
        params: { path: { org_id: organization.id }, query },
      }),
    ),
  );
  const me = useQuery(meQuery);
  const manages = organization.role === 'owner' || organization.role === 'admin';
  return (
    <>
      <div className="section-header">
        <h2>Members</h2>
        {manages && <AddMember organization={organization} />}
      </div>
      {members.isPending && <Loading what="members" />}
      {members.error && <ErrorText error={members.error} />}
      {members.data && (
        <div className="table-wrap">
          <table aria-label="Members" className="cards">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Joined</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.data.members.map((member) => {
                const self = member.user_id === me.data?.user.id;
                return (
                  <tr key={member.user_id}>
                    <td data-label="Email">
                      {member.email}
                      {self && <span className="muted"> (you)</span>}
                    </td>
                    <td data-label="Role">{member.role}</td>
                    <td data-label="Joined">{when(member.joined_at)}</td>
                    <td className="row-actions">
                      {(manages || self) && (
                        <MemberMenu
                          organization={organization}
                          member={member}
                          self={self}
                          manages={manages}
                        />
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Pager {...pager} />
    </>
  );
}

function AddMember({ organization }: { organization: Organization }) {
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const client = useQueryClient();
  const notify = useNotify();
  const add = useMutation({
    mutationFn: () =>
      data(
        api.POST('/cloud/organizations/{org_id}/members', {
          params: { path: { org_id: organization.id } },
          body: { email, role },
        }),
      ),
    onSuccess: ({ member }) => {
      void client.invalidateQueries({ queryKey: ['members', organization.id] });
      notify(`${member.email} added as ${member.role}`);
      setOpen(false);
      setEmail('');
      setRole('member');
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  return (
    <Modal
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) add.reset();
      }}
      title="Add member"
      description="They need a Gatehouse login already; add them by its email."
      trigger={<button className="button">Add member</button>}
    >
      <form onSubmit={submit} className="form">
        <Field
          id="member-email"
          label="Email"
          type="email"
          required
          value={email}
          onChange={setEmail}
        />
        <SelectField
          id="member-role"
          label="Role"
          value={role}
          onChange={setRole}
          options={ROLES}
        />
        {add.error && <ErrorText error={add.error} />}
        <div className="actions">
          <CloseButton>Cancel</CloseButton>
          <button className="button" type="submit" disabled={add.isPending}>
            Add
          </button>
        </div>
      </form>
    </Modal>
  );
}

function MemberMenu(props: {
  organization: Organization;
  member: Member;
  self: boolean;
  manages: boolean;
}) {
  const [dialog, setDialog] = useState<'role' | 'remove'>();
  const button = useRef<HTMLButtonElement>(null);
  return (
    <>
      <RowMenu
        ref={button}
        label={props.member.email}
        actions={[
          props.manages && { label: 'Change role', onSelect: () => setDialog('role') },
          {
            label: props.self ? 'Leave organization' : 'Remove',
            danger: true,
            onSelect: () => setDialog('remove'),
          },
        ]}
      />
      {dialog === 'role' && (
        <ChangeRole {...props} returnFocusTo={button} onClose={() => setDialog(undefined)} />
      )}
      {dialog === 'remove' && (
        <RemoveMember {...props} returnFocusTo={button} onClose={() => setDialog(undefined)} />
      )}
    </>
  );
}

type DialogProps = {
  organization: Organization;
  member: Member;
  self: boolean;
  returnFocusTo: RefObject<HTMLButtonElement | null>;
  onClose: () => void;
};

function ChangeRole(props: DialogProps) {
  const [role, setRole] = useState(props.member.role);
  const client = useQueryClient();
  const notify = useNotify();
  const change = useMutation({
    mutationFn: () =>
      data(
        api.PATCH('/cloud/organizations/{org_id}/members/{user_id}', {
          params: { path: { org_id: props.organization.id, user_id: props.member.user_id } },
          body: { role },
        }),
      ),
    onSuccess: ({ member }) => {
      void client.invalidateQueries({ queryKey: ['members', props.organization.id] });
      void client.invalidateQueries({ queryKey: ['organizations'] });
      notify(`${member.email} is now ${member.role}`);
      props.onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate();
  };
  return (
    <Modal
      open
      onOpenChange={(open) => open || props.onClose()}
      title={`Change the role of ${props.member.email}`}
      returnFocusTo={props.returnFocusTo}
    >
      <form onSubmit={submit} className="form">
        <SelectField
          id="change-role"
          label="Role"
          value={role}
          onChange={setRole}
          options={ROLES}
        />
        {change.error && <ErrorText error={change.error} />}
        <div className="actions">
          <CloseButton>Cancel</CloseButton>
          <button className="button" type="submit" disabled={change.isPending}>
            Save
          </button>
        </div>
      </form>
    </Modal>
  );
}

function RemoveMember(props: DialogProps) {
  const client = useQueryClient();
  const notify = useNotify();
  const [, navigate] = useLocation();
  const remove = useMutation({
    mutationFn: () =>
      data(
        api.DELETE('/cloud/organizations/{org_id}/members/{user_id}', {
          params: { path: { org_id: props.organization.id, user_id: props.member.user_id } },
        }),
      ),
    onSuccess: (removed) => {
      const stopped = removed.revoked_access_keys.length;
      notify(
        `${props.self ? 'You left' : `${props.member.email} removed from`} ${props.organization.name}` +
          (stopped ? `; ${stopped} organization access keys they created stopped working` : ''),
      );
      props.onClose();
      void client.invalidateQueries({ queryKey: ['organizations'] });
      if (props.self) navigate('/');
      else void client.invalidateQueries({ queryKey: ['members', props.organization.id] });
    },
  });
  return (
    <ConfirmDialog
      open
      onOpenChange={(open) => open || props.onClose()}
      title={
        props.self
          ? `Leave ${props.organization.name}?`
          : `Remove ${props.member.email} from ${props.organization.name}?`
      }
      description="The organization access keys they created stop working at once, unless an owner or admin adopted them."
      returnFocusTo={props.returnFocusTo}
      confirm={props.self ? 'Leave' : 'Remove'}
      action={remove}
    />
  );
}
