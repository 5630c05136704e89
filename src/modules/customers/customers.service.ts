import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthContext } from '../../common/auth/auth-context';
import { DuplicateError, InvalidDataError, NotFoundError } from '../../common/errors/app-errors';
import { newId } from '../../common/ids';
import { Page, paginate, whereContains } from '../../common/pagination';
import { isUniqueViolation } from '../../database/postgres-errors';
import { EmailPassService, normalizeEmail } from '../auth/emailpass.service';
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
    private readonly emailpass: EmailPassService,
  ) {}

  /**
   * `POST /store/customers`, both forms: with a registration token (Medusa v2) the customer is attached to
   * that identity; without one (the seed's form) `password` creates the login too, in the same transaction.
   */
  async create(auth: AuthContext | undefined, dto: CreateCustomerDto): Promise<CustomerResponse> {
    try {
      const customer = await this.dataSource.transaction((manager) =>
        auth ? this.createForIdentity(manager, auth, dto) : this.createWithPassword(manager, dto),
      );
      return this.toResponse(customer);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateError(ACCOUNT_TAKEN);
      throw error;
    }
  }

  private async createForIdentity(
    manager: EntityManager,
    auth: AuthContext,
    dto: CreateCustomerDto,
  ): Promise<Customer> {
    if (auth.actor_id) throw new InvalidDataError('Request already authenticated as a customer.');
    if (dto.password !== undefined) {
      throw new InvalidDataError('password must not be sent with a registration token');
    }
    const identityEmail = await this.emailpass.findEmailOfIdentity(auth.auth_identity_id);
    if (identityEmail !== normalizeEmail(dto.email)) {
      throw new InvalidDataError("email must match the registration token's email");
    }
    return this.insertAndLink(manager, auth.auth_identity_id, dto);
  }

  private async createWithPassword(
    manager: EntityManager,
    dto: CreateCustomerDto,
  ): Promise<Customer> {
    if (dto.password === undefined) {
      throw new InvalidDataError('password is required when no registration token is sent');
    }
    const existing = await this.emailpass.findByEmail(dto.email, manager);
    if (!existing) {
      const identity = await this.emailpass.createIdentity(manager, dto.email, dto.password);
      return this.insertAndLink(manager, identity.id, dto);
    }
    if (existing.auth_identity?.app_metadata.customer_id) throw new DuplicateError(ACCOUNT_TAKEN);
    // The email already logs in (as an admin user, say): only its owner, knowing the password, may add a customer.
    if (!(await this.emailpass.verifyPassword(existing, dto.password))) {
      throw new DuplicateError('Identity with email already exists');
    }
    return this.insertAndLink(manager, existing.auth_identity_id, dto);
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
    await this.emailpass.linkActor(manager, authIdentityId, 'customer', customer.id);
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
    Object.assign(customer, dto);
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
