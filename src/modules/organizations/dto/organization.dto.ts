import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ListEnvelope } from '../../../common/pagination';
import { EmailField } from '../../../common/validation';
import { MEMBER_ROLES, MemberRole } from '../organization-member.entity';
import { PLANS, Plan } from '../organization.entity';
import { DeletedObject, EndedCredentialResponse } from '../../../common/dto';

export class OrganizationResponse {
  @ApiProperty({ example: 'org_01JC9Z5X4Y0B7T8Q2M3N4P5R6S' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: PLANS })
  plan: Plan;

  @ApiProperty({
    enum: [...MEMBER_ROLES, 'organization_key'],
    description: "The caller's role here (`organization_key` for an organization access key)",
  })
  role: MemberRole | 'organization_key';

  @ApiProperty()
  created_at: Date;

  @ApiProperty()
  updated_at: Date;
}

export class OrganizationEnvelope {
  @ApiProperty({ type: OrganizationResponse })
  organization: OrganizationResponse;
}

export class OrganizationList extends ListEnvelope('organizations', OrganizationResponse) {}

export class BillingResponse {
  @ApiProperty({ enum: PLANS })
  plan: Plan;

  @ApiProperty({ description: 'Members of the organization' })
  seats_used: number;
}

export class BillingEnvelope {
  @ApiProperty({ type: BillingResponse })
  billing: BillingResponse;
}

export class AddMemberDto {
  @ApiProperty({ description: 'The email of an existing user' })
  @EmailField()
  email: string;

  @ApiPropertyOptional({ enum: MEMBER_ROLES, default: 'member' })
  @IsOptional()
  @IsIn(MEMBER_ROLES)
  role?: MemberRole;
}

export class ChangeRoleDto {
  @ApiProperty({ enum: MEMBER_ROLES })
  @IsIn(MEMBER_ROLES)
  role: MemberRole;
}

export class MemberResponse {
  @ApiProperty()
  user_id: string;

  @ApiProperty()
  email: string;

  @ApiProperty({ type: String, nullable: true })
  first_name: string | null;

  @ApiProperty({ type: String, nullable: true })
  last_name: string | null;

  @ApiProperty({ enum: MEMBER_ROLES })
  role: MemberRole;

  @ApiProperty()
  joined_at: Date;
}

export class MemberEnvelope {
  @ApiProperty({ type: MemberResponse })
  member: MemberResponse;
}

export class MemberList extends ListEnvelope('members', MemberResponse) {}

export class ProjectResponse {
  @ApiProperty({ example: 'proj_01JC9Z5X4Y0B7T8Q2M3N4P5R6S' })
  id: string;

  @ApiProperty()
  organization_id: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  created_at: Date;

  @ApiProperty()
  updated_at: Date;
}

export class ProjectEnvelope {
  @ApiProperty({ type: ProjectResponse })
  project: ProjectResponse;
}

export class ProjectList extends ListEnvelope('projects', ProjectResponse) {}

export class EnvironmentResponse {
  @ApiProperty({ example: 'env_01JC9Z5X4Y0B7T8Q2M3N4P5R6S' })
  id: string;

  @ApiProperty()
  project_id: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  created_at: Date;

  @ApiProperty()
  updated_at: Date;
}

export class EnvironmentEnvelope {
  @ApiProperty({ type: EnvironmentResponse })
  environment: EnvironmentResponse;
}

export class EnvironmentList extends ListEnvelope('environments', EnvironmentResponse) {}

export class MemberRemovalResponse extends DeletedObject {
  @ApiProperty({
    type: [EndedCredentialResponse],
    description:
      'The organization access keys that carried the member’s role (created and not adopted, or adopted by them): revoked at once',
  })
  revoked_access_keys: EndedCredentialResponse[];
}
