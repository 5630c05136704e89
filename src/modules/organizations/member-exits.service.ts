import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthContext } from '../../common/auth/auth-context';

/** A member leaving an organization: they left, were removed, or their user was deleted. */
export interface MemberExit {
  organization_id: string;
  user_id: string;
  reason: 'left' | 'removed' | 'user_deleted';
  auth: AuthContext;
}

/** A credential that stopped working because its member left. */
export interface EndedCredential {
  object: 'access_key';
  id: string;
  name: string;
}

/** Something a member's role carried that must end with the membership. */
export interface MemberExitStep {
  /** Inside the removing transaction; revocation notices are sent in it too. */
  endIn(manager: EntityManager, exit: MemberExit): Promise<EndedCredential[]>;
}

/**
 * What ends when a member leaves, registered by the modules that own it (the organization keys whose
 * rights came from the member), so that the organizations module need not know them.
 */
@Injectable()
export class MemberExits {
  private readonly steps: MemberExitStep[] = [];

  register(step: MemberExitStep): void {
    this.steps.push(step);
  }

  async endIn(manager: EntityManager, exit: MemberExit): Promise<EndedCredential[]> {
    const ended: EndedCredential[] = [];
    for (const step of this.steps) ended.push(...(await step.endIn(manager, exit)));
    return ended;
  }
}
