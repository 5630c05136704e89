import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ListEnvelope } from '../../../common/pagination';
import { Trim } from '../../../common/validation';
import { PERMISSIONS } from '../../../common/auth/permissions';

export class CreateRoleDto {
  @ApiProperty({ example: 'support' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiProperty({ type: [String], enum: PERMISSIONS, example: ['products:read', 'customers:read'] })
  @IsArray()
  @ArrayMaxSize(PERMISSIONS.length)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  permissions: string[];
}

export class UpdateRoleDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({ type: [String], enum: PERMISSIONS })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(PERMISSIONS.length)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  permissions?: string[];
}

export class ManageUserRolesDto {
  @ApiPropertyOptional({ type: [String], description: 'Role ids to give' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  add?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Role ids to take away' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  remove?: string[];
}

export class RoleResponse {
  @ApiProperty({ example: 'role_admin' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ type: [String] })
  permissions: string[];

  @ApiProperty({ description: 'Built-in roles cannot be edited or deleted' })
  built_in: boolean;

  @ApiProperty()
  created_at: Date;

  @ApiProperty()
  updated_at: Date;
}

export class RoleEnvelope {
  @ApiProperty({ type: RoleResponse })
  role: RoleResponse;
}

export class RoleList extends ListEnvelope('roles', RoleResponse) {}

export class UserRolesResponse {
  @ApiProperty()
  user_id: string;

  @ApiProperty({ type: [RoleResponse] })
  roles: RoleResponse[];

  @ApiProperty({ type: [String], description: 'The union of the roles’ permissions' })
  permissions: string[];
}
