import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ClientInfo } from '../../common/client-info';
import type { AuthContext } from '../../common/auth/auth-context';
import { DuplicateError, InvalidDataError, NotFoundError } from '../../common/errors/app-errors';
import { newId } from '../../common/ids';
import { Page, paginate, whereContains } from '../../common/pagination';
import { definedFields } from '../../common/validation';
import { isUniqueViolation } from '../../database/postgres-errors';
import { normalizeEmail } from '../../common/email';
import { IdentitiesService } from '../auth/identities.service';
import { LoginService } from '../auth/login.service';
import { Customer } from './customer.entity';
import type {
  CreateCustomerDto,
  CustomerResponse,
  ListCustomersQuery,
  UpdateCustomerDto,
} from './dto/customer.dto';

const ACCOUNT_TAKEN = 'Customer with this email already has an account';

@Injectable()
export class CustomersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly identities: IdentitiesService,
    private readonly logins: LoginService,
  ) {}

  /**
   * `POST /store/customers`, both forms: with a registration token (Medusa v2) the customer is attached to
   * that identity; without one (the seed's form) `password` creates the login too, in the same transaction.
   * An email that already logs in (as an admin user, say) takes a customer only with its password, checked
   * like a login (issue 19: no password oracle beside the lockout).
   */
  async create(
    auth: AuthContext | undefined,
    dto: CreateCustomerDto,
    client: ClientInfo,
  ): Promise<CustomerResponse> {
    const login = auth
      ? { identityId: await this.registeredIdentity(auth, dto) }
      : await this.passwordLogin(dto, client);
    try {
      const customer = await this.dataSource.transaction(async (manager) => {
        const identityId =
          'identityId' in login
            ? login.identityId
            : (await this.identities.createIdentity(manager, dto.email, login.password)).id;
        return this.insertAndLink(manager, identityId, dto);
      });
      return this.toResponse(customer);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateError(ACCOUNT_TAKEN);
      throw error;
    }
  }

  /** Medusa v2's form: the registration token's identity, which must be the body's email. */
  private async registeredIdentity(auth: AuthContext, dto: CreateCustomerDto): Promise<string> {
    if (auth.actor_id) throw new InvalidDataError('Request already authenticated as a customer.');
    if (dto.password !== undefined) {
      throw new InvalidDataError('password must not be sent with a registration token');
    }
    const identityEmail = await this.identities.findEmailOfIdentity(auth.auth_identity_id);
    if (identityEmail !== normalizeEmail(dto.email)) {
      throw new InvalidDataError("email must match the registration token's email");
    }
    return auth.auth_identity_id;
  }

  /**
   * The seed's form: the identity the email already logs in with (its password checked), or the password
   * of a new login.
   */
  private async passwordLogin(
    dto: CreateCustomerDto,
    client: ClientInfo,
  ): Promise<{ identityId: string } | { password: string }> {
    const { password } = dto;
    if (password === undefined) {
      throw new InvalidDataError('password is required when no registration token is sent');
    }
    if (!(await this.identities.findByEmail(dto.email))) return { password };
    const verified = await this.logins.checkPassword(dto.email, password, client, {
      action: 'customer.create',
      actor_type: 'customer',
    });
    return { identityId: verified.identity.id };
  }

  private async insertAndLink(
    manager: EntityManager,
    authIdentityId: string,
    dto: CreateCustomerDto,
  ): Promise<Customer> {
    const customer = manager.create(Customer, {
      id: newId('cus'),
      email: normalizeEmail(dto.email),
      first_name: dto.first_name ?? null,
      last_name: dto.last_name ?? null,
      phone: dto.phone ?? null,
      has_account: true,
    });
    await manager.save(customer);
    await this.identities.linkActor(manager, authIdentityId, 'customer', customer.id);
    return customer;
  }

  /** `GET /admin/customers`. */
  list(query: ListCustomersQuery): Promise<Page<CustomerResponse>> {
    const builder = this.dataSource.manager.createQueryBuilder(Customer, 'customer');
    whereContains(
      builder,
      ['customer.email', 'customer.first_name', 'customer.last_name'],
      query.q,
    );
    return paginate(builder, query, (customer) => this.toResponse(customer));
  }

  async me(auth: AuthContext): Promise<CustomerResponse> {
    return this.toResponse(await this.find(auth.actor_id));
  }

  async updateMe(auth: AuthContext, dto: UpdateCustomerDto): Promise<CustomerResponse> {
    const customer = await this.find(auth.actor_id);
    Object.assign(customer, definedFields(dto));
    return this.toResponse(await this.dataSource.manager.save(customer));
  }

  private async find(id: string): Promise<Customer> {
    const customer = await this.dataSource.manager.findOneBy(Customer, { id });
    if (!customer) throw new NotFoundError(`Customer with id: ${id} was not found`);
    return customer;
  }

  private toResponse(customer: Customer): CustomerResponse {
    return {
      id: customer.id,
      email: customer.email,
      first_name: customer.first_name,
      last_name: customer.last_name,
      phone: customer.phone,
      has_account: customer.has_account,
      created_at: customer.created_at,
      updated_at: customer.updated_at,
    };
  }
}
