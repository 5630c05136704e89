import { ApiProperty } from '@nestjs/swagger';
import { ListEnvelope } from '../../../common/pagination';
import { ACCESS_KEY_OWNERS, AccessKeyOwner } from '../access-key.entity';

export class AccessKeyResponse {
  @ApiProperty({ example: 'ak_01JC9Z5X4Y0B7T8Q2M3N4P5R6S' })
  id: string;

  @ApiProperty({ example: 'GitHub Actions deploy' })
  name: string;

  @ApiProperty({ example: 'oak_AbCd…wXyZ', description: 'Prefix, first 4 and last 4 characters' })
  redacted: string;

  @ApiProperty({ enum: ACCESS_KEY_OWNERS })
  owner: AccessKeyOwner;

  @ApiProperty({ type: String, nullable: true })
  organization_id: string | null;

  @ApiProperty({ description: 'The user who created the key' })
  created_by: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'ada@example.com',
    description: "The creator's email; null once that user is deleted",
  })
  created_by_email: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Organization keys: the owner or admin who adopted the key. A key carries the role of its adopter, or else of its creator, and stops working when that person leaves the organization.',
  })
  adopted_by: string | null;

  @ApiProperty()
  created_at: Date;

  @ApiProperty({ type: Date, nullable: true, description: 'Updated at most once a minute' })
  last_used_at: Date | null;
}

/** The only shape that carries the token: the create response (seed: "it won't be shown again"). */
export class AccessKeyWithTokenResponse extends AccessKeyResponse {
  @ApiProperty({ example: 'oak_…', description: 'Shown once: copy it now' })
  token: string;
}

export class AccessKeyEnvelope {
  @ApiProperty({ type: AccessKeyResponse })
  access_key: AccessKeyResponse;
}

export class AccessKeyWithTokenEnvelope {
  @ApiProperty({ type: AccessKeyWithTokenResponse })
  access_key: AccessKeyWithTokenResponse;
}

export class AccessKeyList extends ListEnvelope('access_keys', AccessKeyResponse) {}
